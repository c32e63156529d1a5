package io.xpmsync.push.domain;

import io.xpmsync.contracts.contact.ContactSnapshot;
import io.xpmsync.contracts.merge.AgreedField;
import io.xpmsync.contracts.merge.FieldMerge;
import io.xpmsync.contracts.merge.FieldMerge.Verdict;
import io.xpmsync.contracts.merge.FieldValues;
import io.xpmsync.contracts.merge.SyncedField;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A Karbon change merged into its mapped XPM record, field by field, against the base the two last agreed on
 * ({@link FieldMerge}): which fields go to XPM ({@link #flows}), which XPM keeps because it changed them itself (they
 * are still to reach Karbon), which changed on both sides (conflicts, decided by the firm's policy in
 * mapping-service; XPM keeps its value meanwhile), and the new base of the fields the write leaves agreed. Only the
 * fields a push syncs take part (R17: the first address only, so a Karbon contact with a physical address pushes no
 * postal one). Pure: no I/O, no framework.
 *
 * @param verdicts per pushed field
 * @param flows    the fields written to XPM: those only Karbon changed, and those a resolved conflict forces
 */
public record PushMerge(Map<SyncedField, Verdict> verdicts, Set<SyncedField> flows) {

    /**
     * @param karbon    the Karbon contact as changed
     * @param changedAt when it changed in Karbon (a change read before the field's last agreement does not win)
     * @param xpm       the XPM record as just read
     * @param base      the mapping's base per field
     * @param forced    fields a resolved conflict writes whatever the base says
     */
    public static PushMerge of(ContactSnapshot karbon, Instant changedAt, ContactSnapshot xpm,
                               Map<SyncedField, AgreedField> base, Set<SyncedField> forced) {
        Map<SyncedField, Verdict> verdicts = new EnumMap<>(FieldMerge.merge(pushed(karbon), changedAt, false,
                FieldValues.of(xpm), base));
        for (SyncedField field : forced) {
            if (verdicts.containsKey(field) && verdicts.get(field) != Verdict.SAME) {
                verdicts.put(field, Verdict.FLOWS);
            }
        }
        Set<SyncedField> flows = EnumSet.noneOf(SyncedField.class);
        verdicts.forEach((field, verdict) -> {
            if (verdict.writes()) {
                flows.add(field);
            }
        });
        return new PushMerge(verdicts, flows);
    }

    /** The fields a push of this Karbon contact syncs, each as a comparable value. */
    public static Map<SyncedField, String> pushed(ContactSnapshot karbon) {
        Map<SyncedField, String> values = new EnumMap<>(FieldValues.of(karbon));
        values.remove(SyncedField.OTHER_PHONES); // only the first phone goes to XPM (R17)
        if (karbon.physicalAddress() != null) {
            values.remove(SyncedField.POSTAL_ADDRESS); // the first address is the physical one; XPM's postal stays
        }
        return values;
    }

    /** The fields changed on both sides to different values. */
    public List<SyncedField> conflicts() {
        List<SyncedField> conflicts = new ArrayList<>();
        verdicts.forEach((field, verdict) -> {
            if (verdict == Verdict.CONFLICT) {
                conflicts.add(field);
            }
        });
        return conflicts;
    }

    /** Whether XPM keeps a change of its own (or a conflicting one) that Karbon does not hold yet. */
    public boolean xpmKeepsChanges() {
        return FieldMerge.targetKeepsChanges(verdicts);
    }

    /** The new base of each field the push leaves agreed: written, or found equal. */
    public List<AgreedField> agreed(ContactSnapshot xpmAfter, ContactSnapshot karbon, Instant at) {
        Map<SyncedField, String> after = FieldValues.of(xpmAfter);
        List<AgreedField> agreed = new ArrayList<>();
        verdicts.forEach((field, verdict) -> {
            if (verdict == Verdict.SAME || verdict == Verdict.FLOWS) {
                agreed.add(new AgreedField(field, after.get(field), FieldValues.comparable(karbon, field),
                        FieldValues.display(karbon, field), at));
            }
        });
        return agreed;
    }

    /** The base of a record just created in XPM from the Karbon contact: every pushed field agreed. */
    public static List<AgreedField> created(ContactSnapshot xpmCreated, ContactSnapshot karbon, Instant at) {
        Map<SyncedField, String> after = FieldValues.of(xpmCreated);
        List<AgreedField> agreed = new ArrayList<>();
        pushed(karbon).forEach((field, value) -> agreed.add(new AgreedField(field, after.getOrDefault(field, ""),
                value, FieldValues.display(karbon, field), at)));
        return agreed;
    }
}
