package dev.tenableconnector.client.export;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tenableconnector.client.model.RecordFormatException;
import java.io.IOException;
import java.io.InputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Parses a chunk body, a JSON array of records, straight from the stream with Jackson's streaming
 * parser: one record at a time becomes a tree, is read into the model and handed on. A record that
 * is not an object, or whose values cannot be read, is reported and skipped; a body that is cut off
 * or malformed raises {@link BrokenChunkException}, never an early, silent end.
 */
final class ChunkReader<T> implements Chunk<T> {
  private static final Logger log = LoggerFactory.getLogger(ChunkReader.class);
  private static final int EXCERPT = 500;

  private final ObjectMapper mapper;
  private final ExportKind<T> kind;
  private final String exportUuid;
  private final int chunkId;
  private final int attempt;
  private final CountingInputStream body;
  private final LongTextLimit longText;
  private final RecordBytes bytes;
  private final SharedMembers shared;
  private boolean consumed;

  ChunkReader(
      ObjectMapper mapper,
      SharedMembers shared,
      ExportKind<T> kind,
      String exportUuid,
      int chunkId,
      int attempt,
      InputStream body) {
    this.mapper = mapper;
    this.kind = kind;
    this.exportUuid = exportUuid;
    this.chunkId = chunkId;
    this.attempt = attempt;
    this.body = new CountingInputStream(body);
    this.longText = new LongTextLimit(this.body);
    this.bytes = new RecordBytes(longText);
    this.shared = shared;
  }

  @Override
  public ExportKind<T> kind() {
    return kind;
  }

  @Override
  public String exportUuid() {
    return exportUuid;
  }

  @Override
  public int id() {
    return chunkId;
  }

  @Override
  public int attempt() {
    return attempt;
  }

  @Override
  public ChunkStats read(RecordConsumer<T> consumer) throws Exception {
    if (consumed) {
      throw new IllegalStateException("chunk " + chunkId + " has already been read");
    }
    consumed = true;
    long records = 0;
    long rejected = 0;
    JsonParser parser = open();
    try {
      JsonToken first = next(parser);
      if (first == null) {
        throw broken("the body is empty", null);
      }
      if (first != JsonToken.START_ARRAY) {
        throw broken("the body is not a JSON array (it starts with " + first + ")", null);
      }
      int position = 0;
      while (true) {
        JsonToken token = next(parser);
        if (token == JsonToken.END_ARRAY) {
          break;
        }
        if (token == null) {
          throw broken("the body ended before its array was closed", null);
        }
        JsonNode node =
            token == JsonToken.START_OBJECT && !kind.repeatedMembers().isEmpty()
                ? record(parser)
                : tree(parser);
        if (!(node instanceof ObjectNode object)) {
          rejected++;
          consumer.rejected(
              new RecordIssue(
                  exportUuid, chunkId, position, "record is not a JSON object", excerpt(node)));
        } else {
          T record;
          try {
            record = kind.read(object);
          } catch (RecordFormatException e) {
            record = null;
            rejected++;
            consumer.rejected(
                new RecordIssue(exportUuid, chunkId, position, e.getMessage(), excerpt(node)));
          }
          if (record != null) {
            records++;
            consumer.record(record);
          }
        }
        position++;
      }
      if (next(parser) != null) {
        throw broken("unexpected content after the end of the array", null);
      }
    } finally {
      closeQuietly(parser);
    }
    if (longText.cut() > 0) {
      log.warn(
          "chunk {} of export {}: {} values longer than {} bytes were cut, each ending with"
              + " its whole length; their records are kept",
          chunkId,
          exportUuid,
          longText.cut(),
          LongTextLimit.MAX_TEXT_BYTES);
    }
    return new ChunkStats(chunkId, records, rejected, body.count());
  }

  private JsonParser open() {
    try {
      return mapper.getFactory().createParser(bytes);
    } catch (IOException e) {
      throw broken("the body could not be read: " + message(e), e);
    }
  }

  private void closeQuietly(JsonParser parser) {
    try {
      parser.close();
    } catch (IOException e) {
      // The body is given up either way; a failure to close it changes nothing for the records.
      log.debug("closing chunk {} of export {} failed: {}", chunkId, exportUuid, e.toString());
    }
  }

  private static String message(IOException e) {
    if (e instanceof com.fasterxml.jackson.core.JsonProcessingException jpe) {
      return jpe.getOriginalMessage();
    }
    return e.toString();
  }

  private JsonToken next(JsonParser parser) {
    try {
      return parser.nextToken();
    } catch (IOException e) {
      throw broken("the body is cut off or not valid JSON: " + message(e), e);
    }
  }

  private JsonNode tree(JsonParser parser) {
    try {
      return mapper.readTree(parser);
    } catch (IOException e) {
      throw broken("the body is cut off or not valid JSON: " + message(e), e);
    }
  }

  /**
   * A record object, member by member: a repeated member (see {@link ExportKind#repeatedMembers})
   * is skipped over by the parser and its bytes looked up among the chunk's {@link SharedMembers};
   * the others become trees as usual. The result equals what {@link #tree} would give.
   */
  private ObjectNode record(JsonParser parser) {
    try {
      ObjectNode record = mapper.getNodeFactory().objectNode();
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        JsonToken value = parser.nextToken();
        long start = parser.currentTokenLocation().getByteOffset();
        if (value == JsonToken.START_OBJECT
            && kind.repeatedMembers().contains(name)
            && start >= 0
            && bytes.retainFrom(start)) {
          try {
            parser.skipChildren();
            long end = parser.currentLocation().getByteOffset();
            record.set(name, shared.tree(bytes.held(), bytes.index(start), (int) (end - start)));
          } finally {
            bytes.release();
          }
        } else {
          JsonNode tree = mapper.readTree(parser);
          record.set(name, tree == null ? NullNode.getInstance() : tree);
        }
      }
      if (parser.currentToken() != JsonToken.END_OBJECT) {
        throw broken("the body is cut off or not valid JSON", null);
      }
      return record;
    } catch (IOException e) {
      throw broken("the body is cut off or not valid JSON: " + message(e), e);
    }
  }

  private BrokenChunkException broken(String message, Throwable cause) {
    return new BrokenChunkException(chunkId, message, cause);
  }

  private static String excerpt(JsonNode node) {
    String text = node.toString();
    return text.length() > EXCERPT ? text.substring(0, EXCERPT) + "…" : text;
  }
}
