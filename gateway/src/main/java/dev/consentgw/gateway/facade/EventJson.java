package dev.consentgw.gateway.facade;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.consentgw.facade.model.Event;
import dev.consentgw.gateway.journey.ConsentView;
import dev.consentgw.gateway.store.EventRenderer;

import java.io.UncheckedIOException;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * Renders events as the contract's {@code Event}, with the consent in the facade's representation.
 * The store records this text when the change commits: the feed and every webhook attempt then
 * carry the same bytes, whatever later releases change in the mapping.
 */
public final class EventJson {

  private EventJson() {
  }

  public static EventRenderer renderer(ObjectMapper json) {
    return (id, type, createdAt, consent) -> {
      Event event = new Event();
      event.setId(id);
      event.setType(type.wireName());
      event.setCreatedAt(createdAt.truncatedTo(ChronoUnit.MILLIS).atOffset(ZoneOffset.UTC));
      event.setTenantId(consent.tenantId());
      // No event is recorded while a bound (Wych) journey awaits its browser, so the provider's own
      // page is the only authorisation URL an event can carry (a Yapily renewal's).
      event.setConsent(FacadeMapper.consent(new ConsentView(consent, false, consent.authorisationUrl())));
      try {
        return json.writeValueAsString(event);
      } catch (JsonProcessingException e) {
        throw new UncheckedIOException(e);
      }
    };
  }
}
