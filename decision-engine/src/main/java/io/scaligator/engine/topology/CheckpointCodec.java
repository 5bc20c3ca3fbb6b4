package io.scaligator.engine.topology;

import io.scaligator.common.event.InputRef;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The checkpoints topic's value format: a format version byte, then target, decision id, input (topic, partition,
 * offset, event id, event type), policy version and record time, and last the state as {@link TargetStateCodec}
 * writes it (length-prefixed), so a checkpoint carries the store's own bytes and its state format version. Change
 * the layout only by adding a version and keeping the reader of the old one: the topic is compacted, and a target's
 * checkpoint may be older than the engine reading it.
 */
public final class CheckpointCodec {

    static final byte VERSION = 1;

    private CheckpointCodec() {}

    public static byte[] encode(Checkpoint checkpoint) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeUTF(checkpoint.target());
            out.writeUTF(checkpoint.decisionId());
            InputRef input = checkpoint.input();
            out.writeUTF(input.topic());
            out.writeInt(input.partition());
            out.writeLong(input.offset());
            out.writeUTF(input.eventId());
            out.writeUTF(input.eventType());
            out.writeUTF(checkpoint.policyVersion());
            out.writeLong(checkpoint.at().toEpochMilli());
            byte[] state = TargetStateCodec.encode(checkpoint.state());
            out.writeInt(state.length);
            out.write(state);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a checkpoint in memory", e);
        }
        return bytes.toByteArray();
    }

    /** Reads a checkpoint; throws {@link IllegalArgumentException} saying what is wrong with the bytes. */
    public static Checkpoint decode(byte[] bytes) {
        if (bytes.length == 0) {
            throw new IllegalArgumentException("empty checkpoint");
        }
        if (bytes[0] != VERSION) {
            throw new IllegalArgumentException("unknown checkpoint format version " + bytes[0] + " (this version reads "
                    + VERSION + "); was it written by a newer engine?");
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes, 1, bytes.length - 1))) {
            String target = in.readUTF();
            String decisionId = in.readUTF();
            InputRef input = new InputRef(in.readUTF(), in.readInt(), in.readLong(), in.readUTF(), in.readUTF());
            String policyVersion = in.readUTF();
            Instant at = Instant.ofEpochMilli(in.readLong());
            int length = in.readInt();
            if (length < 1 || length > in.available()) {
                throw new IllegalArgumentException(
                        "corrupt checkpoint: state of " + length + " bytes, " + in.available() + " left");
            }
            byte[] state = in.readNBytes(length);
            if (in.available() > 0) {
                throw new IllegalArgumentException(in.available() + " unread bytes after the checkpoint");
            }
            return new Checkpoint(target, TargetStateCodec.decode(state), input, decisionId, policyVersion, at);
        } catch (EOFException e) {
            throw new IllegalArgumentException("checkpoint truncated after " + bytes.length + " bytes", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The checkpoints sink's serializer; a null checkpoint is a tombstone (the target's state was dropped). */
    static Serializer<Checkpoint> serializer() {
        return (topic, checkpoint) -> checkpoint == null ? null : encode(checkpoint);
    }
}
