package cn.liangxian.web;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Any /api path no controller answers: a problem+json 404 rather than an HTML error page. */
@RestController
class ApiNotFoundController {

    @RequestMapping("/api/**")
    void notFound() {
        throw new ApiException(HttpStatus.NOT_FOUND, "NOT_FOUND");
    }
}
