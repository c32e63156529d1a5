package io.xpmsync.client.xpm;

import io.xpmsync.client.xpm.model.XpmErrorException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Update requests that write only what xpm-sync owns: the element that names the record, the elements XPM requires
 * of an update, and the synced fields the change sets (an empty element clears one). Nothing else is echoed, because
 * XPM reads several fields in another form than an update takes ({@link #READ_IN_ANOTHER_FORM}): sent back as read,
 * the masked tax number would be written over the real one and the GST period refused. XPM keeps what a request
 * leaves out (it must: no update could otherwise keep a tax number it only ever shows masked).
 */
public final class XpmUpdates {

    /** What {@code client.api/update} takes ({@code ClientUpdateRequestDto}), in XPM's XML spelling and order. */
    public static final List<String> CLIENT_UPDATE = List.of("UUID", "Name", "FirstName", "LastName", "OtherName",
            "MiddleName", "Title", "Gender", "Email", "DateOfBirth", "DateOfDeath", "PlaceOfBirthCity",
            "PlaceOfBirthCountryCode", "Address", "City", "Region", "PostCode", "Country", "PostalAddress", "PostalCity",
            "PostalRegion", "PostalPostCode", "PostalCountry", "Phone", "Fax", "WebSite", "ReferralSource",
            "ExportCode", "IsProspect", "BillingClientUUID", "AccountManagerUUID", "JobManagerUUID", "TaxNumber",
            "CompanyNumber", "BusinessNumber", "BranchNumber", "BusinessStructure", "BalanceMonth", "GSTRegistered",
            "PrepareGST", "GSTPeriod", "GSTBasis", "ProvisionalTaxBasis", "ProvisionalTaxRatio", "SignedTaxAuthority",
            "TaxAgent", "AgencyStatus", "PrepareActivityStatement", "PrepareTaxReturn", "AutoBasOptInCriteria",
            "ReturnType", "ActiveAtoClient", "ClientCode");

    /** What a client's update needs besides the changed fields: the UUID names the client; XPM requires a Name. */
    public static final List<String> CLIENT_REQUIRED = List.of("UUID", "Name");

    /** What a contact's update needs besides the changed fields (its UUID is in the path): a Name. */
    public static final List<String> CONTACT_REQUIRED = List.of("Name");

    /**
     * Elements {@code client.api/update} takes in another form than {@code client.api/get} answers them, so they are
     * never sent back as read (and xpm-sync, which does not sync them, never sends them at all): {@code TaxNumber}
     * (answered masked, only its last three digits), {@code GSTPeriod} (answered as words, "Monthly"; taken as a
     * number of months, an integer in the spec), {@code BalanceMonth} (an integer in the answer, a string in the
     * request), {@code DateOfBirth} and {@code DateOfDeath} (answered as date-times, taken as XPM's request dates),
     * and the managers and billing client (answered as {@code <AccountManager><UUID>}, taken as
     * {@code <AccountManagerUUID>}). The bank details ({@code BankAccountNumber}, ...), type, industry and archive
     * flags are answered and not taken at all.
     */
    public static final List<String> READ_IN_ANOTHER_FORM = List.of("TaxNumber", "GSTPeriod", "BalanceMonth",
            "DateOfBirth", "DateOfDeath", "AccountManagerUUID", "JobManagerUUID", "BillingClientUUID");

    /** What a contact's update ({@code PUT client.api/contact/{uuid}}, {@code ContactRequestDto}) takes. */
    public static final List<String> CONTACT_UPDATE = List.of("Name", "Mobile", "Email", "Phone", "Salutation",
            "Addressee", "Position", "IsPrimary");

    private XpmUpdates() {
    }

    /**
     * The update request for the record {@code root} ({@code Client} or {@code Contact}) of XPM's answer
     * {@code held}: each element of {@code accepted} that {@code changes} carries (an empty element clears the field),
     * and each of {@code required} as {@code changes} has it, else as XPM holds it; nothing else. A change carrying an
     * element the update does not take, or one XPM reads in another form, is refused before anything is sent.
     */
    public static String merge(String held, String root, List<String> accepted, List<String> required,
                               String changes) {
        Element record = first(parse(held).getDocumentElement(), root);
        if (record == null) {
            throw new XpmErrorException("XPM's answer has no <" + root + "> to update", "malformed XML");
        }
        Map<String, Element> changed = children(parse(changes).getDocumentElement());
        Map<String, Element> holds = children(record);
        for (String name : changed.keySet()) {
            if (accepted.stream().noneMatch(a -> key(a).equals(name))) {
                throw new IllegalArgumentException("an update of a " + root + " does not take <" + name + ">");
            }
            if (READ_IN_ANOTHER_FORM.stream().anyMatch(a -> key(a).equals(name))) {
                throw new IllegalArgumentException("xpm-sync does not write <" + name + ">: XPM reads it in another"
                        + " form than an update takes");
            }
        }
        Document request = newDocument();
        Element out = request.createElement(root);
        request.appendChild(out);
        for (String name : accepted) {
            Element from = changed.containsKey(key(name)) ? changed.get(key(name))
                    : required.contains(name) ? holds.get(key(name)) : null;
            if (from != null) {
                Element copy = request.createElement(name);
                for (Node child = from.getFirstChild(); child != null; child = child.getNextSibling()) {
                    copy.appendChild(request.importNode(child, true));
                }
                out.appendChild(copy);
            }
        }
        return write(request);
    }

    private static Map<String, Element> children(Element parent) {
        Map<String, Element> children = new LinkedHashMap<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                children.putIfAbsent(key(e.getTagName()), e);
            }
        }
        return children;
    }

    /** The first element named {@code name} at or under {@code from}, breadth first. */
    private static Element first(Element from, String name) {
        if (from.getTagName().equals(name)) {
            return from;
        }
        for (Node n = from.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                return e;
            }
        }
        for (Node n = from.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                Element found = first(e, name);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    /** Element names compare without case, as XPM's own spelling varies ({@code <Website>}, {@code <WebSite>}). */
    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    private static Document parse(String xml) {
        try {
            return builder().parse(new InputSource(new StringReader(xml)));
        } catch (SAXException | IOException e) {
            throw new XpmErrorException("XPM answered with XML that cannot be read back for an update: "
                    + e.getMessage(), "malformed XML");
        }
    }

    private static Document newDocument() {
        return builder().newDocument();
    }

    private static DocumentBuilder builder() {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setExpandEntityReferences(false);
            DocumentBuilder builder = factory.newDocumentBuilder();
            builder.setErrorHandler(new org.xml.sax.helpers.DefaultHandler() {
                @Override
                public void fatalError(org.xml.sax.SAXParseException e) throws SAXException {
                    throw e;
                }
            });
            return builder;
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String write(Document document) {
        try {
            Transformer transformer = TransformerFactory.newInstance().newTransformer();
            transformer.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
            StringWriter out = new StringWriter();
            transformer.transform(new DOMSource(document), new StreamResult(out));
            return out.toString();
        } catch (TransformerException e) {
            throw new IllegalStateException("cannot write an XPM update request", e);
        }
    }
}
