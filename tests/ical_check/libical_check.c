/*
 * Run a calendar file through libical: parse it, apply libical's restriction
 * check (the rules RFC 5546 sets for METHOD:PUBLISH and RFC 5545's property
 * cardinalities), and print every X-LIC-ERROR libical attached. Exit 0 when
 * there is none, 1 when there are some, 2 when the file cannot be read or parsed.
 *
 * Built by tests/test_feed_conformance.py with the system's libical
 * (apt-get install libical-dev); it is test tooling, not part of the app.
 */
#include <stdio.h>
#include <stdlib.h>
#include <libical/ical.h>

static int report(icalcomponent *component)
{
    int errors = 0;
    for (icalproperty *p = icalcomponent_get_first_property(component, ICAL_XLICERROR_PROPERTY);
         p != NULL;
         p = icalcomponent_get_next_property(component, ICAL_XLICERROR_PROPERTY)) {
        printf("%s: %s\n", icalcomponent_kind_to_string(icalcomponent_isa(component)),
               icalproperty_get_xlicerror(p));
        errors++;
    }
    for (icalcomponent *child = icalcomponent_get_first_component(component, ICAL_ANY_COMPONENT);
         child != NULL;
         child = icalcomponent_get_next_component(component, ICAL_ANY_COMPONENT)) {
        errors += report(child);
    }
    return errors;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s FILE.ics\n", argv[0]);
        return 2;
    }
    FILE *file = fopen(argv[1], "rb");
    if (file == NULL) {
        perror(argv[1]);
        return 2;
    }
    fseek(file, 0, SEEK_END);
    long size = ftell(file);
    rewind(file);
    char *text = malloc((size_t)size + 1);
    if (text == NULL || fread(text, 1, (size_t)size, file) != (size_t)size) {
        fprintf(stderr, "cannot read %s\n", argv[1]);
        return 2;
    }
    text[size] = '\0';
    fclose(file);

    icalcomponent *calendar = icalparser_parse_string(text);
    free(text);
    if (calendar == NULL) {
        printf("unparseable\n");
        return 2;
    }
    icalrestriction_check(calendar);
    int errors = report(calendar);
    icalcomponent_free(calendar);
    return errors ? 1 : 0;
}
