package cn.liangxian.web;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;

@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    @Bean
    OpenAPI liangxianOpenApi() {
        return new OpenAPI().info(new Info().title("liangxian API").version("v1")
                .description("两险合并经办系统接口 / merged maternity (510) and employee medical (310) insurance. "
                        + "Errors are application/problem+json with a stable `code`, `message_zh` and `message_en`."));
    }
}
