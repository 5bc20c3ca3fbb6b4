package io.scaligator.audit.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class HtmlPageTest {

    @Test
    void reasonsCannotBreakOutOfTheMarkupOrTheEmbeddedData() {
        Chart chart = new Chart(
                "t",
                List.of(new Chart.Series("replicas", "#000", List.of(new long[] {0, 1}, new long[] {1000, 2}))),
                List.of(new Chart.Marker(
                        1000, 2, "replicas", "#f00", "reason </script><script>alert(1)</script> & \"quoted\"")));

        String page = HtmlPage.render("h", List.of(), chart, List.of("c"), List.of(List.of("<b>cell</b>")));

        assertThat(page)
                .doesNotContain("<script>alert")
                .doesNotContain("<b>cell")
                .contains("&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quoted&quot;")
                .contains("\\u003c/script>")
                .contains("&lt;b&gt;cell&lt;/b&gt;");
        assertThat(page.indexOf("</script>")).isEqualTo(page.lastIndexOf("</script>"));
    }

    @Test
    void theStepLineRisesAtEachPointAndMarkersCarryTheirLabelAsTitle() {
        String svg = HtmlPage.svg(new Chart(
                "t",
                List.of(new Chart.Series("s", "#000", List.of(new long[] {0, 1}, new long[] {1000, 3}))),
                List.of(new Chart.Marker(1000, 3, "s", "#f00", "scale 1 -> 3"))));

        assertThat(svg).contains("<path").contains(" H980.0 V").contains("<title>scale 1 -&gt; 3</title>");
    }
}
