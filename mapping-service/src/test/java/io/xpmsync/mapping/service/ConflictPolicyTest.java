package io.xpmsync.mapping.service;

import io.xpmsync.contracts.merge.ConflictPolicy;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** Which side each conflict policy picks (the decision D3 of docs/requirements.md), as a pure function. */
class ConflictPolicyTest {

    private static final Instant AGREED = Instant.parse("2026-12-07T08:00:00Z");
    private static final Instant XPM_SEEN = Instant.parse("2026-12-07T10:00:00Z");

    @Test
    void d3_ask_leaves_it_to_a_person_and_the_fixed_rules_pick_their_side() {
        assertThat(Conflicts.winner(ConflictPolicy.ASK, AGREED, XPM_SEEN, XPM_SEEN)).isNull();
        assertThat(Conflicts.winner(ConflictPolicy.XPM_WINS, AGREED, XPM_SEEN, XPM_SEEN.plusSeconds(60)))
                .isEqualTo(Conflicts.Side.XPM);
        assertThat(Conflicts.winner(ConflictPolicy.KARBON_WINS, AGREED, XPM_SEEN, AGREED.plusSeconds(60)))
                .isEqualTo(Conflicts.Side.KARBON);
    }

    @Test
    void d3_the_most_recent_change_dates_xpms_halfway_between_the_last_agreement_and_its_first_sighting() {
        // XPM's change is dated 09:00: a Karbon edit at 09:30 is the later one, one at 08:30 the earlier
        assertThat(Conflicts.winner(ConflictPolicy.MOST_RECENT, AGREED, XPM_SEEN,
                Instant.parse("2026-12-07T09:30:00Z"))).isEqualTo(Conflicts.Side.KARBON);
        assertThat(Conflicts.winner(ConflictPolicy.MOST_RECENT, AGREED, XPM_SEEN,
                Instant.parse("2026-12-07T08:30:00Z"))).isEqualTo(Conflicts.Side.XPM);
        assertThat(Conflicts.winner(ConflictPolicy.MOST_RECENT, AGREED, XPM_SEEN, null))
                .as("a side that says nothing loses").isEqualTo(Conflicts.Side.XPM);
    }
}
