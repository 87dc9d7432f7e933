package cn.liangxian.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

import com.lowagie.text.pdf.BaseFont;

class PdfFontTests {

    @Test
    void theConfiguredFontIsTriedFirstThenTheSystemFonts() {
        assertThat(new PdfFont(" /opt/fonts/simsun.ttc,1 ", "X").candidates())
                .containsExactlyElementsOf(concat("/opt/fonts/simsun.ttc,1", PdfFont.SYSTEM_FONTS));
        assertThat(new PdfFont("", "X").candidates()).isEqualTo(PdfFont.SYSTEM_FONTS);
        assertThat(new PdfFont((String) null, "X").candidates()).isEqualTo(PdfFont.SYSTEM_FONTS);
    }

    @Test
    void theFirstReadableFontIsLoadedOnce() {
        String microhei = PdfFont.SYSTEM_FONTS.get(0);
        assertThat(Files.isReadable(Path.of(microhei.replaceFirst(",\\d+$", "")))).as("fonts-wqy-microhei installed")
                .isTrue();
        PdfFont font = new PdfFont(List.of("/nonexistent/font.ttf", microhei), "X");
        BaseFont f = font.get();
        assertThat(f.getPostscriptFontName()).containsIgnoringCase("MicroHei");
        assertThat(f.charExists('生')).isTrue();
        assertThat(font.get()).isSameAs(f);
    }

    @Test
    void withoutAnyFontThePdfIsRefusedWithTheCallersCodeNamingWhereItLooked() {
        PdfFont font = new PdfFont(List.of("/nonexistent/a.ttf", "/nonexistent/b.ttc,0"), "FUND_PDF_FONT_MISSING");
        ApiException e = catchThrowableOfType(ApiException.class, font::get);
        assertThat(e.code()).isEqualTo("FUND_PDF_FONT_MISSING");
        assertThat(e.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(e.args()).containsExactly("/nonexistent/a.ttf; /nonexistent/b.ttc,0");
    }

    private static List<String> concat(String first, List<String> rest) {
        List<String> all = new java.util.ArrayList<>(List.of(first));
        all.addAll(rest);
        return all;
    }
}
