package dev.neurite.apps.osgi.dist;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The manifest handling of the bundle assembler. */
class DistributionAssemblerTest {
    @Test
    void splitsImportPackageAtCommasOutsideVersionRanges() {
        assertEquals(List.of("dev.neurite.api;version=\"[0.1,1)\"", "dev.neurite.backend.nd4j",
                        "org.bytedeco.javacpp;version=\"[1.5,2)\""),
                DistributionAssembler.clauses("dev.neurite.api;version=\"[0.1,1)\",dev.neurite.backend.nd4j,"
                        + "org.bytedeco.javacpp;version=\"[1.5,2)\""));
        assertEquals(List.of(), DistributionAssembler.clauses(null));
    }

    @Test
    void turnsMavenVersionsIntoOsgiVersions() {
        assertEquals("0.1.0.SNAPSHOT", DistributionAssembler.osgiVersion("0.1.0-SNAPSHOT"));
        assertEquals("0.1.0.202612020730", DistributionAssembler.osgiVersion("0.1.0.202612020730"));
    }
}
