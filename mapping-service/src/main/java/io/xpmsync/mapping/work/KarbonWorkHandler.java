package io.xpmsync.mapping.work;

import io.xpmsync.contracts.events.MatchProposed;
import io.xpmsync.mapping.service.MatchHandler;
import io.xpmsync.messaging.EventSerde;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

/** Applies one queued verdict: its effect (Karbon writes, mapping, outbox, run count) and its removal commit together. */
@ApplicationScoped
public class KarbonWorkHandler {

    private final EventSerde serde;
    private final MatchHandler matches;
    private final KarbonWorkQueue queue;

    KarbonWorkHandler(EventSerde serde, MatchHandler matches, KarbonWorkQueue queue) {
        this.serde = serde;
        this.matches = matches;
        this.queue = queue;
    }

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void apply(KarbonWorkQueue.Item item) {
        matches.handle(serde.decode(item.payload(), MatchProposed.class));
        queue.done(item.id());
    }
}
