package cn.liangxian.collection;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;

import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

import jakarta.servlet.http.HttpServletResponse;

import cn.liangxian.policy.Explanation;
import cn.liangxian.security.LiangxianUser;

/**
 * The employer portal's contribution pages (单位缴费): the employer's bills by period with what was paid and the late
 * fee to date, one bill with its people, rules and explanation, one person's assessment explained, and the bill as
 * Excel or CSV. An HR officer sees only her own employer: another payer's bill answers 404.
 */
@Controller
@RequestMapping("/ui/employer/collection")
class EmployerCollectionPageController {

    private final Bills bills;
    private final Assessments assessments;
    private final CollectionPages pages;

    EmployerCollectionPageController(Bills bills, Assessments assessments, CollectionPages pages) {
        this.bills = bills;
        this.assessments = assessments;
        this.pages = pages;
    }

    @GetMapping
    String bills(@AuthenticationPrincipal LiangxianUser me,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate asOf, Model model) {
        LocalDate on = asOf == null ? CollectionSupport.today() : asOf;
        String payer = me.employerUscc();
        List<Bills.Bill> all = bills.ofPayer(me, payer, on);
        model.addAttribute("payer", payer);
        model.addAttribute("payerName", all.isEmpty() ? payer : all.get(0).payerName());
        model.addAttribute("bills", all);
        model.addAttribute("asOf", on);
        model.addAttribute("outstanding", all.stream().map(Bills.Bill::outstanding).reduce(BigDecimal.ZERO,
                BigDecimal::add));
        model.addAttribute("lateFees", all.stream().map(Bills.Bill::lateFee).reduce(BigDecimal.ZERO, BigDecimal::add));
        return "collection/employer-bills";
    }

    @GetMapping("/bills/{payer}/{period}")
    String bill(@AuthenticationPrincipal LiangxianUser me, @PathVariable String payer, @PathVariable String period,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate asOf, Model model) {
        LocalDate on = asOf == null ? CollectionSupport.today() : asOf;
        Bills.Bill b = bills.bill(me, payer, period, on);
        List<Assessments.BillLine> lines = assessments.billLines(me, b.regionCode(), payer, period);
        Bills.LateFee fee = bills.lateFee(me, payer, period, on);
        model.addAttribute("bill", b);
        model.addAttribute("lines", lines);
        model.addAttribute("asOf", on);
        model.addAttribute("lateFee", fee);
        model.addAttribute("rules", assessments.billRules(me, b.regionCode(), payer, period));
        model.addAttribute("explanation", explain(b, lines));
        model.addAttribute("periodShown", shown(b.period()));
        return "collection/employer-bill";
    }

    @GetMapping("/bills/{payer}/{period}/persons/{id}")
    String person(@AuthenticationPrincipal LiangxianUser me, @PathVariable String payer, @PathVariable String period,
            @PathVariable long id, Model model) {
        Bills.Bill b = bills.bill(me, payer, period, CollectionSupport.today());
        List<Assessments.Version> versions = assessments.ofPerson(me, id, period).stream()
                .filter(v -> v.payer().equals(payer)).toList();
        if (versions.isEmpty()) {
            throw Assessments.notFound();
        }
        model.addAttribute("bill", b);
        model.addAttribute("versions", versions);
        model.addAttribute("line", assessments.billLines(me, b.regionCode(), payer, period).stream()
                .filter(l -> l.personId() == id).findFirst().orElse(null));
        model.addAttribute("periodShown", shown(b.period()));
        return "collection/employer-person";
    }

    @GetMapping("/bills/{payer}/{period}/bill.{format:xlsx|csv}")
    void file(@AuthenticationPrincipal LiangxianUser me, @PathVariable String payer, @PathVariable String period,
            @PathVariable String format, HttpServletResponse response) throws IOException {
        Bills.Bill b = bills.bill(me, payer, period, CollectionSupport.today());
        List<Assessments.BillLine> lines = assessments.billLines(me, b.regionCode(), payer, period);
        boolean excel = "xlsx".equals(format);
        String name = "bill-" + b.payer() + "-" + b.period() + "." + format;
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION,
                ContentDisposition.attachment().filename(name, StandardCharsets.UTF_8).build().toString());
        response.setContentType(excel ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                : "text/csv;charset=UTF-8");
        if (excel) {
            BillFiles.excel(b, lines, response.getOutputStream());
        } else {
            BillFiles.csv(b, lines, response.getOutputStream());
        }
        response.flushBuffer();
    }

    /** The bill's figures as sums of its lines, step by step, so a clerk can add them up by hand. */
    static List<cn.liangxian.policy.ExplanationStep> explain(Bills.Bill b, List<Assessments.BillLine> lines) {
        Explanation e = new Explanation();
        BigDecimal base = lines.stream().map(Assessments.BillLine::base).reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal employerBase = lines.stream().map(Assessments.BillLine::employerBase).reduce(BigDecimal.ZERO,
                BigDecimal::add);
        BigDecimal employer = lines.stream().map(Assessments.BillLine::employerAmount).reduce(BigDecimal.ZERO,
                BigDecimal::add);
        BigDecimal employee = lines.stream().map(Assessments.BillLine::employeeAmount).reduce(BigDecimal.ZERO,
                BigDecimal::add);
        String rates = lines.stream().map(l -> l.employerRate().stripTrailingZeros().toPlainString()).distinct()
                .reduce((x, y) -> x + ", " + y).orElse("—");
        String employeeRates = lines.stream().map(l -> l.employeeRate().stripTrailingZeros().toPlainString())
                .distinct().reduce((x, y) -> x + ", " + y).orElse("—");
        e.step("bill", "persons", String.valueOf(lines.size()), "当月参保职工（每人取最新版本核定） / people insured in the month, each at her newest assessment");
        e.step("bill", "Σ base", base.setScale(2).toPlainString(), "个人缴费基数合计 / sum of the employees' bases");
        e.step("bill", "Σ employer_base", employerBase.setScale(2).toPlainString(),
                "单位缴费基数合计 / sum of the employer's bases");
        e.step("bill", "employer_rate", rates, "单位费率（合并后职工医保含生育） / the employer's merged rate");
        e.step("bill", "Σ employer_amount", employer.setScale(2).toPlainString(),
                "每人 单位缴费基数 × 单位费率，按人舍入后相加 / per person employer base × rate, rounded per person, added");
        e.step("bill", "employee_rate", employeeRates, "个人费率 / the employee's rate");
        e.step("bill", "Σ employee_amount", employee.setScale(2).toPlainString(),
                "每人 缴费基数 × 个人费率，按人舍入后相加 / per person base × rate, rounded per person, added");
        e.step("bill", "due", b.due().toPlainString(), "单位应缴 + 个人应缴 / employer amount + employee amount");
        e.step("bill", "paid", b.paid().toPlainString(), "税务部门已入库 / paid to the tax bureau by " + b.asOf());
        e.step("bill", "outstanding", b.outstanding().toPlainString(), "应缴 − 已缴 / due − paid");
        return e.steps();
    }

    static String shown(String key) {
        return key.substring(0, 4) + "-" + key.substring(4);
    }
}
