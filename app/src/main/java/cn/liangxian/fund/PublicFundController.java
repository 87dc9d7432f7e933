package cn.liangxian.fund;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

import cn.liangxian.web.ApiException;

/**
 * 信息公开: the yearly summary of a region's funds, for everyone (no sign-in) — aggregated figures of closed months
 * only, never an entry, a person or an institution.
 */
@Controller
class PublicFundController {

    private final FundDisclosure disclosure;
    private final FundAccess access;

    PublicFundController(FundDisclosure disclosure, FundAccess access) {
        this.disclosure = disclosure;
        this.access = access;
    }

    @GetMapping("/public/fund/{region}/{year}")
    String disclosure(@PathVariable String region, @PathVariable String year, Model model) {
        if (!year.matches("\\d{4}")) {
            throw new ApiException(HttpStatus.NOT_FOUND, "NOT_FOUND");
        }
        FundDisclosure.Disclosure d = disclosure.disclose(region, Integer.parseInt(year));
        model.addAttribute("d", d);
        model.addAttribute("regionName", access.regionName(region, FundPageController.zh()));
        model.addAttribute("zh", FundPageController.zh());
        model.addAttribute("previousYear", d.year() - 1);
        model.addAttribute("nextYear", d.year() + 1);
        return "fund/disclosure";
    }
}
