package cn.liangxian.fund;

import java.util.List;

/**
 * A report laid out for a file (Excel or PDF): a title, lines that say what it covers, tables and notes. The
 * Excel and PDF writers render any document the same way; the statements, the clearing report and the budget
 * execution are turned into documents in the language asked for.
 */
record ReportDocument(String fileName, String title, List<String> meta, List<Table> tables, List<String> notes) {

    /** A table with a caption. */
    record Table(String caption, List<Column> columns, List<Row> rows) {
    }

    /** A column: its header, whether it holds amounts (right-aligned, #,##0.00) and its relative width (tenths). */
    record Column(String header, boolean amount, int width) {
    }

    /** How a row is shown. */
    enum Style {
        NORMAL, TOTAL, MATERNITY, PARENT
    }

    /** A row: its cells (text, BigDecimal or null), its indentation (the account's level) and style. */
    record Row(List<Object> cells, int indent, Style style) {
    }
}
