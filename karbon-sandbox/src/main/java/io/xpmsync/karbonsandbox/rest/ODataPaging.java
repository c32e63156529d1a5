package io.xpmsync.karbonsandbox.rest;

import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.xpmsync.client.karbon.model.ODataPage;
import io.xpmsync.karbonsandbox.persistence.KarbonRecordEntity;
import io.xpmsync.karbonsandbox.service.KarbonApiException;
import jakarta.ws.rs.core.UriInfo;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Karbon's paging: at most 100 items a page, {@code $skip} and {@code $top}, and {@code @odata.nextLink}. */
final class ODataPaging {

    static final int MAX_PAGE = 100;

    private ODataPaging() {
    }

    /** The same request with {@code $skip} moved on, written as Karbon writes it ({@code ?$skip=100}, no %24). */
    private static String nextLink(UriInfo uri, int skip) {
        Map<String, List<String>> params = new LinkedHashMap<>(uri.getQueryParameters());
        params.remove("$skip");
        StringBuilder link = new StringBuilder(uri.getAbsolutePath().toString()).append("?$skip=").append(skip);
        params.forEach((name, values) -> values.forEach(value -> link.append('&').append(name).append('=')
                .append(URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20"))));
        return link.toString();
    }

    static <T> ODataPage<T> page(PanacheQuery<KarbonRecordEntity> query, Integer skip, Integer top, UriInfo uri,
                                 String context, Function<KarbonRecordEntity, T> map) {
        int from = skip == null ? 0 : skip;
        int size = top == null ? MAX_PAGE : Math.min(top, MAX_PAGE);
        if (from < 0 || size < 0) {
            throw KarbonApiException.badRequest("$skip and $top must not be negative");
        }
        long count = query.count();
        List<T> items = size == 0 ? List.of() : query.range(from, from + size - 1).list().stream().map(map).toList();
        String next = from + size < count && size > 0 ? nextLink(uri, from + size) : null;
        return new ODataPage<>(ApiMapper.METADATA + "#" + context, count, items, next);
    }
}
