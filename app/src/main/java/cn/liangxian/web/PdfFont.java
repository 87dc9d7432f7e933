package cn.liangxian.web;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.lowagie.text.DocumentException;
import com.lowagie.text.pdf.BaseFont;
import org.springframework.http.HttpStatus;

/**
 * The font with Chinese glyphs a PDF is written in: the first readable of {@code liangxian.pdf.font} (a TTF/OTF
 * file, or a TTC with ",index") and the Debian fonts, WenQuanYi Micro Hei (package fonts-wqy-microhei, Apache-2.0 or
 * GPLv3 with the font exception) first; loaded once. Without one, the PDF is refused with the caller's code (503),
 * naming where it looked.
 */
public final class PdfFont {

    public static final List<String> SYSTEM_FONTS = List.of("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc,0",
            "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc,0", "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc,2");

    private final List<String> candidates;
    private final String missingCode;
    private volatile BaseFont font;

    /** {@code configured}: the {@code liangxian.pdf.font} setting, or blank; {@code missingCode}: the refusal's code. */
    public PdfFont(String configured, String missingCode) {
        this(withConfigured(configured), missingCode);
    }

    PdfFont(List<String> candidates, String missingCode) {
        this.candidates = List.copyOf(candidates);
        this.missingCode = missingCode;
    }

    private static List<String> withConfigured(String configured) {
        List<String> c = new ArrayList<>();
        if (configured != null && !configured.isBlank()) {
            c.add(configured.trim());
        }
        c.addAll(SYSTEM_FONTS);
        return c;
    }

    /** Where it looks, in order. */
    public List<String> candidates() {
        return candidates;
    }

    /** The first font that exists, loaded on first use. */
    public BaseFont get() {
        BaseFont f = font;
        if (f != null) {
            return f;
        }
        synchronized (this) {
            if (font == null) {
                for (String candidate : candidates) {
                    if (Files.isReadable(Path.of(candidate.replaceFirst(",\\d+$", "")))) {
                        try {
                            font = BaseFont.createFont(candidate, BaseFont.IDENTITY_H, BaseFont.EMBEDDED);
                            break;
                        } catch (DocumentException | IOException e) {
                            throw new IllegalStateException("font " + candidate + " cannot be used for PDFs", e);
                        }
                    }
                }
                if (font == null) {
                    throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, missingCode, String.join("; ", candidates));
                }
            }
            return font;
        }
    }
}
