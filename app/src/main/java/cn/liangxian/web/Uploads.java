package cn.liangxian.web;

import java.util.Optional;

/** What an uploaded file is, judged by its first bytes (never by its name): PDF, PNG or JPEG. */
public final class Uploads {

    private Uploads() {
    }

    public static Optional<String> sniff(byte[] b) {
        if (b == null || b.length < 8) {
            return Optional.empty();
        }
        if (b[0] == '%' && b[1] == 'P' && b[2] == 'D' && b[3] == 'F' && b[4] == '-') {
            return Optional.of("application/pdf");
        }
        if ((b[0] & 0xff) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G' && b[4] == 0x0d && b[5] == 0x0a
                && b[6] == 0x1a && b[7] == 0x0a) {
            return Optional.of("image/png");
        }
        if ((b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xd8 && (b[2] & 0xff) == 0xff) {
            return Optional.of("image/jpeg");
        }
        return Optional.empty();
    }
}
