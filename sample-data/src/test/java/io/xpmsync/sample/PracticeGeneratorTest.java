package io.xpmsync.sample;

import io.xpmsync.contracts.contact.ContactKind;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class PracticeGeneratorTest {

    @Test
    void the_same_seed_gives_the_same_practice_and_another_seed_another() {
        assertThat(PracticeGenerator.generate(42, 300)).isEqualTo(PracticeGenerator.generate(42, 300));
        assertThat(PracticeGenerator.generate(43, 300)).isNotEqualTo(PracticeGenerator.generate(42, 300));
    }

    @Test
    void the_practice_mixes_structures_overlaps_contacts_and_archived_clients() {
        SamplePractice practice = PracticeGenerator.generate(7, 1_000);

        Set<String> structures = new HashSet<>();
        practice.xpm().forEach(s -> {
            if (s.record().businessStructure() != null) {
                structures.add(s.record().businessStructure());
            }
        });
        assertThat(structures).containsExactlyInAnyOrder("Individual", "Sole Trader", "Company", "Trust", "Partnership");
        assertThat(practice.overlapCounts()).containsOnlyKeys(Overlap.values());
        assertThat(practice.overlapCounts().get(Overlap.EXACT)).isBetween(450L, 700L);
        assertThat(practice.xpm()).filteredOn(s -> s.record().ref().kind() == ContactKind.XPM_CONTACT)
                .isNotEmpty().allMatch(s -> s.record().links().size() == 1);
        assertThat(practice.xpm()).filteredOn(s -> s.record().archived()).isNotEmpty();
        assertThat(practice.xpm()).filteredOn(s -> s.record().phones().size() > 1).isNotEmpty();
        assertThat(practice.karbon()).filteredOn(k -> k.organization() >= 0).isNotEmpty()
                .allMatch(k -> k.person() && !practice.karbon().get(k.organization()).person());
        assertThat(practice.karbon().size()).as("Karbon-only contacts too")
                .isGreaterThan((int) (practice.xpm().size() - practice.overlapCounts().get(Overlap.NEW)));
    }
}
