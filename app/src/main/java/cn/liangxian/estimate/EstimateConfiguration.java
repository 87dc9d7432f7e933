package cn.liangxian.estimate;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import cn.liangxian.policy.PolicyBook;

@Configuration(proxyBeanMethods = false)
class EstimateConfiguration {

    @Bean
    PolicyBook policyBook() {
        return PolicyBook.standard();
    }
}
