package io.scaligator.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The chart's generated files are what {@link HelmChart} makes of deploy/ now: one source for both. */
class HelmChartTest {

    private static final Set<String> WRITTEN_BY_HAND = Set.of("Chart.yaml", "templates/NOTES.txt");

    @Test
    void generatedChartFilesAreUpToDateWithTheKustomizeBase() {
        Map<String, String> generated = HelmChart.generate();
        generated.forEach((file, content) -> assertThat(HelmChart.CHART.resolve(file))
                .as(
                        "deploy/helm/scaligator/%s differs from deploy/: run java -cp <deploy-tests test classpath>"
                                + " io.scaligator.deploy.HelmChart",
                        file)
                .exists()
                .content()
                .isEqualTo(content));
    }

    @Test
    void everyFileOfTheChartIsGeneratedOrKnownToBeWrittenByHand() throws IOException {
        Set<String> present;
        try (Stream<Path> files = Files.walk(HelmChart.CHART)) {
            present = files.filter(Files::isRegularFile)
                    .map(p -> HelmChart.CHART.relativize(p).toString())
                    .collect(Collectors.toCollection(TreeSet::new));
        }
        Set<String> expected = new TreeSet<>(HelmChart.generate().keySet());
        expected.addAll(WRITTEN_BY_HAND);
        // A template left behind by a file deploy/ no longer lists would still be rendered.
        assertThat(present).isEqualTo(expected);
    }
}
