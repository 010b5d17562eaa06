package dev.tenableconnector.client.export;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import org.junit.jupiter.api.Test;

/** Filters we sent against filters a job list reports, in the shapes Tenable lists them. */
class FilterMatchTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode json(String text) throws Exception {
    return JSON.readTree(text);
  }

  @Test
  void anAssetJobListsItsFiltersAsAJsonEncodedString() throws Exception {
    JsonNode sent = json("{\"deleted_at\": 1759276800, \"tag.Location\": [\"Lisbon\"]}");

    assertThat(
            FilterMatch.sameFilters(
                sent,
                TextNode.valueOf("{\"deleted_at\":1759276800,\"tag.Location\":[\"Lisbon\"]}")))
        .isTrue();
    assertThat(FilterMatch.sameFilters(sent, TextNode.valueOf("{}"))).isFalse();
    assertThat(FilterMatch.sameFilters(json("{}"), TextNode.valueOf("{}"))).isTrue();
    assertThat(FilterMatch.sameFilters(json("{}"), TextNode.valueOf("{\"deleted_at\":1759276800}")))
        .isFalse();
  }

  @Test
  void unknownOrUnreadableFiltersNeverMatch() throws Exception {
    assertThat(FilterMatch.sameFilters(json("{}"), null)).isFalse();
    assertThat(FilterMatch.sameFilters(json("{}"), json("null"))).isFalse();
    assertThat(FilterMatch.sameFilters(json("{}"), TextNode.valueOf("not json"))).isFalse();
    assertThat(FilterMatch.sameFilters(json("{}"), TextNode.valueOf("[1]"))).isFalse();
    assertThat(FilterMatch.sameFilters(json("{}"), json("42"))).isFalse();
  }

  @Test
  void aVulnJobEchoesUnsetTimesAsZeroTagsUnderTagsAndEnumsUpperCased() throws Exception {
    JsonNode sent =
        json(
            "{\"since\": 1759276800, \"state\": [\"open\", \"FIXED\"],"
                + " \"severity\": [\"critical\", \"high\"], \"tag.Location\": [\"Dallas\"]}");
    JsonNode echoed =
        json(
            "{\"severity\": [\"HIGH\", \"CRITICAL\"], \"state\": [\"FIXED\", \"OPEN\"],"
                + " \"tags\": {\"tag.Location\": [\"Dallas\"]}, \"since\": 1759276800, \"first_found\": 0,"
                + " \"last_found\": 0, \"last_fixed\": 0, \"first_seen\": 0, \"last_seen\": 0,"
                + " \"indexed_at\": 0, \"resurfaced_date\": 0, \"vpr_score\": {\"eq\": [], \"gt\": 0}}");

    assertThat(FilterMatch.sameFilters(sent, echoed)).isTrue();
  }

  @Test
  void everyValueOtherThanTheNormalisedOnesMustBeEqual() throws Exception {
    JsonNode echoed =
        json(
            "{\"state\": [\"OPEN\"], \"tags\": {\"tag.Location\": [\"Dallas\"]},"
                + " \"since\": 1759276800}");

    assertThat(
            FilterMatch.sameFilters(
                json(
                    "{\"state\": [\"OPEN\"],"
                        + " \"tag.Location\": [\"dallas\"], \"since\": 1759276800}"),
                echoed))
        .isFalse();
    assertThat(
            FilterMatch.sameFilters(
                json(
                    "{\"state\": [\"OPEN\"],"
                        + " \"tag.Location\": [\"Dallas\"], \"since\": 1759276801}"),
                echoed))
        .isFalse();
    assertThat(
            FilterMatch.sameFilters(
                json("{\"state\": [\"OPEN\"]," + " \"tag.Location\": [\"Dallas\"]}"), echoed))
        .as("a filter we did not send")
        .isFalse();
    assertThat(
            FilterMatch.sameFilters(
                json(
                    "{\"state\": [\"OPEN\"], \"tag.Location\": [\"Dallas\"],"
                        + " \"since\": 1759276800, \"cidr_range\": \"10.0.0.0/8\"}"),
                echoed))
        .as("a filter Tenable did not list")
        .isFalse();
  }

  @Test
  void aLoneValueStandsForAOneElementListAndBooleansCountWhenFalse() throws Exception {
    assertThat(
            FilterMatch.sameFilters(
                json("{\"sources\": [\"AWS\"]}"), TextNode.valueOf("{\"sources\":\"AWS\"}")))
        .isTrue();
    assertThat(
            FilterMatch.sameFilters(
                json("{\"is_licensed\": false}"), TextNode.valueOf("{\"is_licensed\":false}")))
        .isTrue();
    assertThat(FilterMatch.sameFilters(json("{}"), TextNode.valueOf("{\"is_licensed\":false}")))
        .isFalse();
  }
}
