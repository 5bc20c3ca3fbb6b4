package io.scaligator.engine.topology;

import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka Streams' production exception handler for the engine: an output record the broker refuses as too large (a
 * decision or a changelog record past {@code max.request.size} or the topic's {@code max.message.bytes}) is logged
 * and skipped, so one target's input can never stop all scaling in a crash loop; every other production error
 * fails the stream thread as by default, since it means Kafka itself is in trouble. The engine bounds what it writes
 * ({@code Limits}), so this is the last line of defence.
 */
public final class SkipOversizeProductionHandler implements ProductionExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(SkipOversizeProductionHandler.class);

    @Override
    public Response handleError(
            ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record, Exception exception) {
        if (exception instanceof RecordTooLargeException) {
            LOG.error(
                    "{}: an output record to {} of {} bytes was refused as too large (input {}-{}@{}); skipped",
                    record.key() == null ? "-" : new String(record.key(), java.nio.charset.StandardCharsets.UTF_8),
                    record.topic(),
                    record.value() == null ? 0 : record.value().length,
                    context.topic(),
                    context.partition(),
                    context.offset());
            return Response.resume();
        }
        return Response.fail();
    }

    @Override
    public void configure(Map<String, ?> configs) {
        // nothing to configure
    }
}
