package cn.liangxian;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The liangxian server: REST API, pages and batch work over PostgreSQL. */
@SpringBootApplication
public class LiangxianApplication {
}
