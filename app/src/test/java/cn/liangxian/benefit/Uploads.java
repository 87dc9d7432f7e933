package cn.liangxian.benefit;

import cn.liangxian.testsupport.Http;

/** Multipart uploads for the allowance tests (the collection's payment file, the bank's return file). */
final class Uploads {

    private Uploads() {
    }

    /** POSTs a multipart form with one file part named {@code file}. */
    static Http.Response upload(Http http, String path, String token, String fileName, byte[] content) {
        return http.postFile(path, fileName, content, "Authorization", "Bearer " + token);
    }
}
