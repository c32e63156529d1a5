package io.xpmsync.sample;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** A generated XPM practice and the Karbon firm that overlaps it. */
public record SamplePractice(List<XpmSeed> xpm, List<KarbonSeed> karbon) {

    public SamplePractice {
        xpm = List.copyOf(xpm);
        karbon = List.copyOf(karbon);
    }

    /** How many XPM records overlap the Karbon firm in each way. */
    public Map<Overlap, Long> overlapCounts() {
        return xpm.stream().collect(Collectors.groupingBy(XpmSeed::overlap, () -> new java.util.EnumMap<>(Overlap.class),
                Collectors.counting()));
    }

    public Map<String, KarbonSeed> karbonByName() {
        return karbon.stream().collect(Collectors.toMap(KarbonSeed::name, Function.identity(), (a, b) -> a));
    }
}
