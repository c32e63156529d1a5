package io.xpmsync.karbonsandbox.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.xpmsync.client.karbon.model.AddressDto;
import io.xpmsync.client.karbon.model.BusinessCardDto;
import io.xpmsync.client.karbon.model.PhoneNumberDto;
import io.xpmsync.karbonsandbox.persistence.BusinessCardEntity;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/** Between a business card row (JSON arrays in text columns) and the API's BusinessCard. */
@ApplicationScoped
public class CardCodec {

    private final ObjectMapper json;

    CardCodec(ObjectMapper json) {
        this.json = json;
    }

    public BusinessCardDto toDto(BusinessCardEntity card) {
        return new BusinessCardDto(card.key, card.entityType, card.entityKey, card.primary, card.organizationKey,
                card.roleOrTitle, emails(card), phones(card), addresses(card), read(card.websites, new TypeReference<>() {
                }));
    }

    public List<String> emails(BusinessCardEntity card) {
        return read(card.emails, new TypeReference<>() {
        });
    }

    public List<PhoneNumberDto> phones(BusinessCardEntity card) {
        return read(card.phones, new TypeReference<>() {
        });
    }

    public List<AddressDto> addresses(BusinessCardEntity card) {
        return read(card.addresses, new TypeReference<>() {
        });
    }

    public String write(List<?> values) {
        try {
            return json.writeValueAsString(values == null ? List.of() : values);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private <T> List<T> read(String text, TypeReference<List<T>> type) {
        try {
            return text == null ? List.of() : json.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("corrupt business card column: " + text, e);
        }
    }
}
