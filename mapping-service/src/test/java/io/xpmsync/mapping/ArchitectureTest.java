package io.xpmsync.mapping;

import io.xpmsync.infra.testing.ServiceArchitecture;
import org.junit.jupiter.api.Test;

/** The layering every service keeps (see {@link ServiceArchitecture}). */
class ArchitectureTest {

    @Test
    void keepsTheLayeringEveryServiceKeeps() {
        ServiceArchitecture.check("mapping");
    }
}
