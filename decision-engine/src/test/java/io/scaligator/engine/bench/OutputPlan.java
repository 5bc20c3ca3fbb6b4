package io.scaligator.engine.bench;

import io.scaligator.common.event.Decision;
import io.scaligator.common.event.InputRef;
import io.scaligator.common.event.ScaleCommand;
import io.scaligator.common.kafka.Topics;
import io.scaligator.common.serde.EventJson;
import io.scaligator.engine.it.KafkaTestClient;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * What the engine wrote for each input record, by the input's coordinates: the size of its decision and of its
 * command (0: none). Read from an engine run's committed decisions and commands, so that the no-op floor writes
 * the same records, of the same sizes, for the same inputs. Values are shared zero-filled arrays, one per size
 * (outputs are not compressed, so their content does not change the cost).
 */
final class OutputPlan {

    private final Map<String, int[][]> decisionBytes;
    private final Map<String, int[][]> commandBytes;
    private final byte[][] valuesBySize;
    private final long decisions;
    private final long decisionTotal;
    private final long commands;
    private final long commandTotal;

    private OutputPlan(
            Map<String, int[][]> decisionBytes,
            Map<String, int[][]> commandBytes,
            byte[][] valuesBySize,
            long decisions,
            long decisionTotal,
            long commands,
            long commandTotal) {
        this.decisionBytes = decisionBytes;
        this.commandBytes = commandBytes;
        this.valuesBySize = valuesBySize;
        this.decisions = decisions;
        this.decisionTotal = decisionTotal;
        this.commands = commands;
        this.commandTotal = commandTotal;
    }

    /**
     * The plan from every committed decision and command in the topics (read_committed: records of aborted
     * transactions, re-done after them, are not there twice), which must hold exactly one engine run's outputs.
     */
    static OutputPlan read(KafkaTestClient client, Topics topics, int partitions) {
        Map<String, Integer> commandSizeByDecision = new HashMap<>();
        long commandTotal = 0;
        for (ConsumerRecord<String, byte[]> r : client.readAll(topics.commands())) {
            ScaleCommand command = EventJson.read(r.value(), ScaleCommand.class);
            if (commandSizeByDecision.put(command.decisionId(), r.value().length) != null) {
                throw new IllegalStateException("two commands for decision " + command.decisionId()
                        + ": the topics hold more than one engine run");
            }
            commandTotal += r.value().length;
        }
        record Output(InputRef input, int decision, int command) {}
        List<Output> outputs = new ArrayList<>();
        Map<String, long[]> lastOffset = new HashMap<>();
        int largest = 0;
        for (ConsumerRecord<String, byte[]> r : client.readAll(topics.decisions())) {
            Decision decision = EventJson.read(r.value(), Decision.class);
            int command = commandSizeByDecision.getOrDefault(decision.id(), 0);
            outputs.add(new Output(decision.input(), r.value().length, command));
            long[] last = lastOffset.computeIfAbsent(decision.input().topic(), t -> new long[partitions]);
            last[decision.input().partition()] = Math.max(
                    last[decision.input().partition()], decision.input().offset());
            largest = Math.max(largest, Math.max(r.value().length, command));
        }
        Map<String, int[][]> decisionBytes = new HashMap<>();
        Map<String, int[][]> commandBytes = new HashMap<>();
        lastOffset.forEach((topic, last) -> {
            decisionBytes.put(topic, new int[partitions][]);
            commandBytes.put(topic, new int[partitions][]);
            for (int p = 0; p < partitions; p++) {
                decisionBytes.get(topic)[p] = new int[(int) last[p] + 1];
                commandBytes.get(topic)[p] = new int[(int) last[p] + 1];
            }
        });
        byte[][] values = new byte[largest + 1][];
        long decisionTotal = 0;
        for (Output o : outputs) {
            InputRef in = o.input();
            if (decisionBytes.get(in.topic())[in.partition()][(int) in.offset()] != 0) {
                throw new IllegalStateException(
                        "two decisions on " + in.coordinates() + ": the topics hold more than one engine run");
            }
            decisionBytes.get(in.topic())[in.partition()][(int) in.offset()] = o.decision();
            commandBytes.get(in.topic())[in.partition()][(int) in.offset()] = o.command();
            values[o.decision()] = new byte[o.decision()];
            values[o.command()] = new byte[o.command()];
            decisionTotal += o.decision();
        }
        if (commandSizeByDecision.size()
                != outputs.stream().filter(o -> o.command() > 0).count()) {
            throw new IllegalStateException("a command without its decision in " + topics.decisions());
        }
        return new OutputPlan(
                decisionBytes,
                commandBytes,
                values,
                outputs.size(),
                decisionTotal,
                commandSizeByDecision.size(),
                commandTotal);
    }

    /** The decision-sized value for this input, or null when the engine made no decision on it. */
    byte[] decision(String topic, int partition, long offset) {
        return value(decisionBytes, topic, partition, offset);
    }

    /** The command-sized value for this input, or null when the engine issued no command on it. */
    byte[] command(String topic, int partition, long offset) {
        return value(commandBytes, topic, partition, offset);
    }

    private byte[] value(Map<String, int[][]> sizes, String topic, int partition, long offset) {
        int[][] byPartition = sizes.get(topic);
        if (byPartition == null || offset >= byPartition[partition].length) {
            return null;
        }
        int size = byPartition[partition][(int) offset];
        return size == 0 ? null : valuesBySize[size];
    }

    long decisions() {
        return decisions;
    }

    long decisionBytes() {
        return decisionTotal;
    }

    long commands() {
        return commands;
    }

    long commandBytes() {
        return commandTotal;
    }

    /** The output volume per input signal, as one line. */
    String describe(int signals) {
        return String.format(
                Locale.ROOT,
                "per input signal %.3f decisions (mean %.0f bytes) + %.3f commands (mean %.0f bytes) = %.0f bytes",
                (double) decisions / signals,
                (double) decisionTotal / Math.max(1, decisions),
                (double) commands / signals,
                (double) commandTotal / Math.max(1, commands),
                (double) (decisionTotal + commandTotal) / signals);
    }
}
