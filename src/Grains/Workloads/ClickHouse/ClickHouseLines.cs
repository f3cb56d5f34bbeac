using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text;

namespace Netra.Grains.Workloads.ClickHouse;

/// <summary>Parses one line of a <c>FORMAT JSONEachRow</c> answer, as UTF-8 without its newline.</summary>
/// <typeparam name="T">What a row becomes.</typeparam>
internal delegate T ClickHouseRowParser<out T>(ReadOnlySpan<byte> row);

/// <summary>
/// Splits a <c>JSONEachRow</c> answer into lines as UTF-8 bytes in one pooled buffer, so a large answer is parsed
/// without a string or a document per row. A line that is not an object is the error ClickHouse appends once rows
/// flow; it and the rest of the body become the exception's message.
/// </summary>
internal sealed class ClickHouseLines(string operation) : IDisposable
{
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
    private int _filled;

    /// <summary>Reads <paramref name="body"/> to its end and parses every row.</summary>
    public static async Task<List<T>> ReadAllAsync<T>(string operation, Stream body, ClickHouseRowParser<T> parse, CancellationToken cancellationToken)
    {
        using var lines = new ClickHouseLines(operation);
        var rows = new List<T>();
        while (true)
        {
            var read = await body.ReadAsync(lines.Free(), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                lines.Drain(rows, parse, final: true);
                return rows;
            }

            lines._filled += read;
            lines.Drain(rows, parse, final: false);
        }
    }

    /// <summary>Reads <paramref name="body"/> and yields its rows as they arrive: memory holds one buffer of lines, whatever the answer's size.</summary>
    public static async IAsyncEnumerable<T> StreamAsync<T>(
        string operation, Stream body, ClickHouseRowParser<T> parse, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var lines = new ClickHouseLines(operation);
        var batch = new List<T>();
        while (true)
        {
            var read = await body.ReadAsync(lines.Free(), cancellationToken).ConfigureAwait(false);
            lines._filled += read;
            batch.Clear();
            lines.Drain(batch, parse, final: read == 0);
            foreach (var row in batch)
            {
                yield return row;
            }

            if (read == 0)
            {
                yield break;
            }
        }
    }

    public void Dispose() => ArrayPool<byte>.Shared.Return(_buffer);

    /// <summary>The free end of the buffer, grown when a line fills it.</summary>
    private Memory<byte> Free()
    {
        if (_filled == _buffer.Length)
        {
            var larger = ArrayPool<byte>.Shared.Rent(_buffer.Length * 2);
            _buffer.AsSpan(0, _filled).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
        }

        return _buffer.AsMemory(_filled);
    }

    /// <summary>Parses every whole line in the buffer (and the last, unterminated one when <paramref name="final"/>), keeping the rest.</summary>
    private void Drain<T>(List<T> rows, ClickHouseRowParser<T> parse, bool final)
    {
        var pending = _buffer.AsSpan(0, _filled);
        int newline;
        while ((newline = pending.IndexOf((byte)'\n')) >= 0)
        {
            Add(rows, parse, pending[..newline], pending);
            pending = pending[(newline + 1)..];
        }

        if (final && !pending.IsEmpty)
        {
            Add(rows, parse, pending, pending);
            pending = [];
        }

        pending.CopyTo(_buffer);
        _filled = pending.Length;
    }

    private void Add<T>(List<T> rows, ClickHouseRowParser<T> parse, ReadOnlySpan<byte> line, ReadOnlySpan<byte> rest)
    {
        if (line.IsEmpty)
        {
            return;
        }

        if (line[0] != (byte)'{')
        {
            throw Failed(rest);
        }

        try
        {
            rows.Add(parse(line));
        }
        catch (Exception exception) when (exception is System.Text.Json.JsonException or InvalidOperationException or FormatException)
        {
            // A row cut short by an error that ClickHouse wrote after it, once the 200 had been sent.
            throw Failed(rest, exception);
        }
    }

    private WorkloadStoreUnavailableException Failed(ReadOnlySpan<byte> rest, Exception? inner = null)
    {
        var text = Encoding.UTF8.GetString(rest.Length > 2000 ? rest[..2000] : rest).Trim();
        var message = $"ClickHouse failed while streaming {operation}: {text}";
        return inner is null ? new WorkloadStoreUnavailableException(message) : new WorkloadStoreUnavailableException(message, inner);
    }
}
