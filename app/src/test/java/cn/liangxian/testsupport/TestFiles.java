package cn.liangxian.testsupport;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

import javax.imageio.ImageIO;

/** Real files of the kinds people upload (a photo of a certificate, a screenshot, a scanned PDF), made in the test. */
public final class TestFiles {

    private TestFiles() {
    }

    /** A JPEG as a phone camera writes it, encoded by javax.imageio: a white page with a few dark lines and a label. */
    public static byte[] jpeg(int width, int height, String label) {
        return image("jpg", width, height, label);
    }

    /** The same picture as a PNG. */
    public static byte[] png(int width, int height, String label) {
        return image("png", width, height, label);
    }

    /** A one-page PDF with the given (ASCII) text. */
    public static byte[] pdf(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        com.lowagie.text.Document doc = new com.lowagie.text.Document(com.lowagie.text.PageSize.A6);
        com.lowagie.text.pdf.PdfWriter.getInstance(doc, out);
        doc.open();
        doc.add(new com.lowagie.text.Paragraph(text));
        doc.close();
        return out.toByteArray();
    }

    private static byte[] image(String format, int width, int height, String label) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            g.setColor(new Color(0x22, 0x33, 0x55));
            for (int y = height / 6; y < height; y += Math.max(8, height / 8)) {
                g.fillRect(width / 10, y, width * 8 / 10, 2);
            }
            g.drawString(label, 4, Math.min(height - 4, 14));
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(img, format, out)) {
                throw new IllegalStateException("no ImageIO writer for " + format);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Whether {@code stored} holds the first 64 bytes of {@code plain} anywhere (a file stored in the clear would). */
    public static boolean holdsClearBytes(byte[] stored, byte[] plain) {
        byte[] probe = java.util.Arrays.copyOfRange(plain, 0, Math.min(64, plain.length));
        outer:
        for (int i = 0; i + probe.length <= stored.length; i++) {
            for (int j = 0; j < probe.length; j++) {
                if (stored[i + j] != probe[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
