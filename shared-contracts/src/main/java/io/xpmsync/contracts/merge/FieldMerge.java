package io.xpmsync.contracts.merge;

import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

/**
 * The three-way merge of one change into the other system, field by field, against the base both systems last agreed
 * on ({@link AgreedField}). The change comes from the <em>source</em> (XPM for a sync, Karbon for a push); the
 * <em>target</em> is the other system as just read. Per field:
 * <ul>
 *   <li>both sides hold the same value (by meaning): {@link Verdict#SAME} — nothing to write, a new base;</li>
 *   <li>only the source changed since the base: {@link Verdict#FLOWS} — the source's value is written;</li>
 *   <li>only the target changed: {@link Verdict#KEEP} — the target keeps it (its own change flows the other way);</li>
 *   <li>both changed, to different values: {@link Verdict#CONFLICT} — decided by the firm's policy;</li>
 *   <li>the source's value was read before the two last agreed on the field: {@link Verdict#STALE} — it never wins
 *       over the agreement (an old read behind a newer write);</li>
 *   <li>no base (a mapping from before bases were kept): {@link Verdict#FLOWS}, as before, and the write makes one.</li>
 * </ul>
 * Pure: no I/O, no framework.
 */
public final class FieldMerge {

    /** What happens to one field. */
    public enum Verdict {
        SAME, FLOWS, KEEP, CONFLICT, STALE, UNCHANGED;

        /** Whether the source's value is to be written into the target. */
        public boolean writes() {
            return this == FLOWS;
        }
    }

    private FieldMerge() {
    }

    /**
     * @param source       the changed contact's fields ({@link FieldValues#of}), in its own system
     * @param sourceReadAt when the source's state was read (null: not known, never stale)
     * @param sourceIsXpm  whether the source is XPM (which side of each base is the source's)
     * @param target       the other system's contact, as just read
     * @param base         the mapping's base per field (a field may have none)
     * @return a verdict per field both contacts sync
     */
    public static Map<SyncedField, Verdict> merge(Map<SyncedField, String> source, Instant sourceReadAt,
                                                  boolean sourceIsXpm, Map<SyncedField, String> target,
                                                  Map<SyncedField, AgreedField> base) {
        Map<SyncedField, Verdict> verdicts = new EnumMap<>(SyncedField.class);
        for (Map.Entry<SyncedField, String> entry : source.entrySet()) {
            SyncedField field = entry.getKey();
            if (!target.containsKey(field)) {
                continue;
            }
            verdicts.put(field, verdict(entry.getValue(), sourceReadAt, sourceIsXpm, target.get(field),
                    base.get(field)));
        }
        return verdicts;
    }

    static Verdict verdict(String source, Instant sourceReadAt, boolean sourceIsXpm, String target, AgreedField base) {
        if (source.equals(target)) {
            return Verdict.SAME;
        }
        if (base == null) {
            return Verdict.FLOWS;
        }
        String sourceBase = sourceIsXpm ? base.xpmValue() : base.karbonValue();
        String targetBase = sourceIsXpm ? base.karbonValue() : base.xpmValue();
        boolean sourceChanged = !source.equals(sourceBase);
        boolean targetChanged = !target.equals(targetBase);
        if (sourceChanged && sourceReadAt != null && sourceReadAt.isBefore(base.agreedAt())) {
            return targetChanged ? Verdict.KEEP : Verdict.STALE;
        }
        if (sourceChanged && targetChanged) {
            return Verdict.CONFLICT;
        }
        if (sourceChanged) {
            return Verdict.FLOWS;
        }
        return targetChanged ? Verdict.KEEP : Verdict.UNCHANGED;
    }

    /** Whether any field is in conflict. */
    public static boolean anyConflict(Map<SyncedField, Verdict> verdicts) {
        return verdicts.containsValue(Verdict.CONFLICT);
    }

    /** Whether the target keeps a change of its own in any field (it is still to flow the other way). */
    public static boolean targetKeepsChanges(Map<SyncedField, Verdict> verdicts) {
        return verdicts.containsValue(Verdict.KEEP) || verdicts.containsValue(Verdict.CONFLICT);
    }

    /** A new base per field the merge leaves both systems agreeing on; {@code after}: the target after the write. */
    public static Map<SyncedField, AgreedField> agreed(Map<SyncedField, Verdict> verdicts,
                                                       Map<SyncedField, String> source, boolean sourceIsXpm,
                                                       Map<SyncedField, String> targetAfter,
                                                       Map<SyncedField, String> display, Instant at) {
        Map<SyncedField, AgreedField> agreed = new EnumMap<>(SyncedField.class);
        verdicts.forEach((field, verdict) -> {
            if (verdict == Verdict.SAME || verdict == Verdict.FLOWS) {
                String s = source.get(field);
                String t = targetAfter.getOrDefault(field, s);
                agreed.put(field, new AgreedField(field, sourceIsXpm ? s : t, sourceIsXpm ? t : s, display.get(field),
                        at));
            }
        });
        return agreed;
    }
}
