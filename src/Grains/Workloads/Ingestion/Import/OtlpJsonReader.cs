using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Netra.Grains.Workloads.Ingestion.Import;

/// <summary>
/// Reads OTLP/HTTP JSON trace exports (<c>{"resourceSpans":[{"resource":…,"scopeSpans":[{"spans":[…]}]}]}</c>, or
/// several such documents one after another, as in NDJSON) with a <see cref="Utf8JsonReader"/> over a sliding buffer:
/// only one span (at most <see cref="MaxSpanBytes"/>) is ever held whole, however large the file. Each span is mapped by
/// <see cref="OtlpSpanMapper"/>; a span is reported by the line where it begins and its index in the file. Malformed
/// JSON stops the read (the spans before it stand) with one rejection at the line of the fault.
/// </summary>
internal sealed class OtlpJsonReader(TraceImportSettings settings)
{
    /// <summary>The largest span (or resource) read.</summary>
    public const int MaxSpanBytes = 16 * 1024 * 1024;

    public async IAsyncEnumerable<ImportRow> ReadAsync(Stream body, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        var walker = new OtlpWalker(settings);
        var (start, end, final) = (0, 0, false);
        try
        {
            while (true)
            {
                if (start > 0)
                {
                    buffer.AsSpan(start, end - start).CopyTo(buffer);
                    (start, end) = (0, end - start);
                }

                if (end == buffer.Length)
                {
                    if (buffer.Length > MaxSpanBytes)
                    {
                        yield return ImportRow.Reject(walker.LineAt(buffer.AsSpan(0, end), 0),
                            $"a span (or another JSON value) is larger than {MaxSpanBytes} bytes; the rest of the document was not read");
                        yield break;
                    }

                    var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, end).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var read = await body.ReadAsync(buffer.AsMemory(end), cancellationToken);
                final = read == 0;
                end += read;
                start = walker.Process(buffer.AsSpan(0, end), final);
                foreach (var row in walker.Rows)
                {
                    yield return row;
                }

                walker.Rows.Clear();
                if (final || walker.Failed)
                {
                    break;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
