package cn.liangxian.institution;

import java.io.IOException;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import jakarta.servlet.http.HttpServletResponse;

import cn.liangxian.security.LiangxianUser;
import cn.liangxian.web.ApiException;

/**
 * The agency's catalog page: search the items as they apply in a region on a date, import an Excel file (a refused
 * file lists every row's errors, in Chinese and English), download the template.
 */
@Controller
@RequestMapping("/ui/agency/catalog")
class CatalogPages {

    static final String PAGE = "institution/catalog";
    /** Items shown at most; a narrower search finds the rest. */
    static final int SHOWN = 100;

    private final Catalogs catalogs;
    private final CatalogImports imports;
    private final CatalogAccess access;
    private final InstitutionPageSupport pages;

    CatalogPages(Catalogs catalogs, CatalogImports imports, CatalogAccess access, InstitutionPageSupport pages) {
        this.catalogs = catalogs;
        this.imports = imports;
        this.access = access;
        this.pages = pages;
    }

    /** An item as shown. */
    record Line(String code, String name, String kind, String itemClass, String share, String unit, String priceCap,
            boolean maternity) {
    }

    /** A row error as shown: both languages. */
    record ErrorLine(int row, String column, String zh, String en) {
    }

    @GetMapping
    String page(@AuthenticationPrincipal LiangxianUser me, @RequestParam(required = false) String region,
            @RequestParam(required = false) String q, @RequestParam(required = false) String kind,
            @RequestParam(required = false) String maternity, @RequestParam(required = false) String date, Model model,
            HttpServletResponse response) {
        String r = InstitutionPageSupport.region(me, region);
        LocalDate on = LocalDate.now();
        try {
            on = date == null || date.isBlank() ? on : InstitutionPageSupport.date(date);
            model.addAttribute("date", on);
            search(me, r, q, kind, maternity, on, model);
        } catch (cn.liangxian.policy.PolicyException e) {
            pages.refuse(model, response, new ApiException(HttpStatus.BAD_REQUEST, "NO_POLICY_AT_DATE", on), "search",
                    null);
            model.addAttribute("date", on);
            base(me, r, model);
        } catch (ApiException e) {
            pages.refuse(model, response, e, "search", null);
            model.addAttribute("date", on);
            base(me, r, model);
        }
        return PAGE;
    }

    private void search(LiangxianUser me, String region, String q, String kind, String maternity, LocalDate on,
            Model model) {
        String r = access.region(me, region);
        base(me, r, model);
        ItemKind k = kind == null || kind.isBlank() ? null : ItemKind.parse(kind).orElse(null);
        boolean onlyMaternity = "on".equals(maternity) || "true".equals(maternity);
        List<CatalogItem> found = catalogs.search(r, q, k, onlyMaternity, on, SHOWN + 1);
        model.addAttribute("more", found.size() > SHOWN);
        found = found.subList(0, Math.min(SHOWN, found.size()));
        model.addAttribute("q", q);
        model.addAttribute("kind", k == null ? "" : k.name());
        model.addAttribute("maternity", onlyMaternity);
        model.addAttribute("items", found.stream().map(i -> new Line(i.code(), i.name(), InstitutionPageSupport.text(i.kind()),
                InstitutionPageSupport.text(i.itemClass()), InstitutionPageSupport.pct(i.selfPayShare()), i.unit() == null ? "" : i.unit(),
                InstitutionPageSupport.money(i.priceCap()), i.maternityRelevant())).toList());
        model.addAttribute("inForce", catalogs.countInForce(on));
        model.addAttribute("defaultShare", InstitutionPageSupport.pct(catalogs.defaultShare(r, on)));
    }

    private void base(LiangxianUser me, String region, Model model) {
        model.addAttribute("regions", pages.regions(me));
        model.addAttribute("region", region);
        model.addAttribute("regionName", pages.regionName(region));
        model.addAttribute("kinds", InstitutionPageSupport.options(ItemKind.class));
    }

    @PostMapping("/import")
    String importFile(@AuthenticationPrincipal LiangxianUser me, @RequestParam(required = false) String region,
            @RequestParam(required = false) MultipartFile file, Model model, HttpServletResponse response,
            RedirectAttributes flash) throws IOException {
        String r = InstitutionPageSupport.region(me, region);
        try {
            if (file == null || file.isEmpty()) {
                throw new ApiException(HttpStatus.BAD_REQUEST, "CATALOG_FILE_EMPTY");
            }
            CatalogImports.Result result = imports.importWorkbook(r, file.getOriginalFilename(), file.getBytes());
            flash.addFlashAttribute("notice", "cat.notice.imported");
            flash.addFlashAttribute("noticeArg", result.itemsAdded() + " / " + result.sharesAdded() + " / "
                    + result.unchanged());
            return "redirect:/ui/agency/catalog?region=" + r;
        } catch (CatalogImports.CatalogImportRefused e) {
            pages.refuse(model, response, e, "import", "/ui/agency/catalog?region=" + r);
            model.addAttribute("rowErrors", e.errors().stream().map(x -> new ErrorLine(x.row(), x.column(),
                    access.rowMessage(x, Locale.SIMPLIFIED_CHINESE), access.rowMessage(x, Locale.ENGLISH))).toList());
        } catch (ApiException e) {
            pages.refuse(model, response, e, "import", "/ui/agency/catalog?region=" + r);
        }
        // the refusal and its row errors are what the clerk needs to see: no item list under them
        model.addAttribute("date", LocalDate.now());
        base(me, r, model);
        return PAGE;
    }

    @GetMapping("/template.xlsx")
    ResponseEntity<byte[]> template() {
        return ResponseEntity.ok().contentType(MediaType.parseMediaType(CatalogController.XLSX))
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename("目录导入模板-catalog-template.xlsx", java.nio.charset.StandardCharsets.UTF_8).build()
                        .toString())
                .body(imports.template());
    }
}
