package io.xpmsync.infra.testing;

/**
 * One incoming channel of a service, as its boot test exercises it.
 *
 * @param topic     the topic the channel reads
 * @param consumer  the name the service records processed events under (the channel name)
 * @param sample    a golden sample of the channel's event (its {@code eventId} is replaced by a fresh one)
 */
public record ConsumedChannel(String topic, String consumer, String sample) {
}
