package dev.consentgw.gateway.facade;

import dev.consentgw.facade.ApiResponse;
import dev.consentgw.facade.api.InstitutionsApi;
import dev.consentgw.facade.model.Institution;
import dev.consentgw.facade.model.InstitutionPage;
import dev.consentgw.facade.model.InstitutionPageMeta;
import dev.consentgw.facade.model.ProviderFreshness;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.consentgw.gateway.catalogue.CatalogueStatus;
import dev.consentgw.gateway.catalogue.InstitutionCatalogue;
import dev.consentgw.gateway.catalogue.ProviderCatalogue;
import dev.consentgw.gateway.provider.InstitutionId;
import dev.consentgw.gateway.provider.Permission;
import dev.consentgw.gateway.security.Tenant;
import dev.consentgw.gateway.security.TenantRegistry;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.auth.User;

import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * {@code /v1/institutions}: the merged, cached catalogue of the providers the tenant may use. A page
 * is built and serialised once per catalogue version and request (filters, cursor, limit) and then
 * served as bytes: catalogues change every few minutes, requests for the first pages thousands of
 * times a second.
 */
public final class InstitutionsHandler implements InstitutionsApi {

  /** Distinct pages kept; each is a few kB. Old versions age out as new catalogue snapshots arrive. */
  private static final int MAX_CACHED_PAGES = 1_024;

  private final InstitutionCatalogue catalogue;
  private final TenantRegistry tenants;
  private final ObjectMapper json;
  private final Cache<PageKey, Buffer> pages = Caffeine.newBuilder().maximumSize(MAX_CACHED_PAGES).build();

  public InstitutionsHandler(InstitutionCatalogue catalogue, TenantRegistry tenants, ObjectMapper json) {
    this.catalogue = catalogue;
    this.tenants = tenants;
    this.json = json;
  }

  /**
   * Everything a page depends on: the filters, the paging request, and each provider part's version
   * (its status and when it was fetched; the provider list is the tenant's, in catalogue order).
   */
  private record PageKey(List<Version> parts, String filters, String cursor, Integer limit) {
  }

  @Override
  public Future<ApiResponse<InstitutionPage>> listInstitutions(String xRequestId, String country, String provider,
      String permission, String q, Integer limit, String cursor, User caller) {
    Tenant tenant = tenants.of(caller);
    String filters = country + "|" + provider + "|" + permission + "|" + q;
    List<String> providers = catalogue.providerIds().stream()
        .filter(tenant::allowsProvider)
        .filter(p -> provider == null || p.equals(provider))
        .toList();
    Predicate<dev.consentgw.gateway.provider.Institution> matches = filter(country, permission, q);
    return catalogue.providers(providers).map(parts -> {
      PageKey key = new PageKey(parts.stream().map(InstitutionsHandler::version).toList(), filters, cursor, limit);
      // An invalid cursor fails inside page(): nothing is cached for it.
      Buffer body = pages.get(key, k -> serialize(page(parts, matches, filters, cursor, limit)));
      return ApiResponse.<InstitutionPage>serialized(200, body);
    });
  }

  private static InstitutionPage page(List<ProviderCatalogue> parts,
      Predicate<dev.consentgw.gateway.provider.Institution> matches, String filters, String cursor, Integer limit) {
    PageCursor.Page<Institution> page = PageCursor.page(InstitutionCatalogue.merged(parts), matches, cursor, filters,
        limit, FacadeMapper::institution);
    InstitutionPage result = new InstitutionPage();
    result.setData(page.items());
    result.setMeta(new InstitutionPageMeta(parts.stream().map(InstitutionsHandler::freshness).toList()));
    result.setNextCursor(page.nextCursor());
    return result;
  }

  /** What makes one provider's part of a page change: a new snapshot, or a change of status. */
  private record Version(String provider, CatalogueStatus status, Instant refreshedAt) {
  }

  private static Version version(ProviderCatalogue part) {
    return new Version(part.provider(), part.status(), part.refreshedAt());
  }

  private Buffer serialize(InstitutionPage page) {
    try {
      return Buffer.buffer(json.writeValueAsBytes(page));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public Future<ApiResponse<Institution>> getInstitution(String institutionId, String xRequestId, User caller) {
    Tenant tenant = tenants.of(caller);
    Optional<InstitutionId> id = InstitutionId.parse(institutionId);
    if (id.isEmpty() || !tenant.allowsProvider(id.get().provider())
        || !catalogue.providerIds().contains(id.get().provider())) {
      return Future.failedFuture(notFound(institutionId));
    }
    return catalogue.provider(id.get().provider()).compose(part -> {
      Optional<dev.consentgw.gateway.provider.Institution> found = part.find(id.get().providerInstitutionId());
      if (found.isPresent()) {
        return Future.succeededFuture(ApiResponse.ok(FacadeMapper.institution(found.get())));
      }
      if (part.status() == dev.consentgw.gateway.catalogue.CatalogueStatus.UNAVAILABLE) {
        return Future.failedFuture(part.failure());
      }
      return Future.failedFuture(notFound(institutionId));
    });
  }

  private static Predicate<dev.consentgw.gateway.provider.Institution> filter(String country, String permission, String q) {
    Optional<Permission> wanted = permission == null ? Optional.empty() : Permission.fromWireName(permission);
    String needle = q == null ? null : q.toLowerCase(Locale.ROOT);
    return institution -> (country == null || institution.countries().contains(country))
        && (permission == null || wanted.map(institution.permissions()::contains).orElse(false))
        && (needle == null || contains(institution.name(), needle) || contains(institution.fullName(), needle));
  }

  private static boolean contains(String haystack, String lowerNeedle) {
    return haystack != null && haystack.toLowerCase(Locale.ROOT).contains(lowerNeedle);
  }

  private static ProviderFreshness freshness(ProviderCatalogue part) {
    ProviderFreshness f = new ProviderFreshness();
    f.setProvider(part.provider());
    f.setStatus(part.status().wireName());
    if (part.refreshedAt() != null) {
      f.setRefreshedAt(part.refreshedAt().atOffset(ZoneOffset.UTC));
    }
    return f;
  }

  private static ProblemException notFound(String institutionId) {
    return new ProblemException(ProblemDocument.of(404, "institution_not_found", "Unknown institution",
        "No institution with id '" + institutionId + "'."));
  }
}
