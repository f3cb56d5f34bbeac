using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;

namespace Netra.Grains.Workloads.Ingestion.Import;

/// <summary>Turns one line (without its line end, trimmed, never blank) into a row, or null to ignore it (a header).</summary>
internal delegate ImportRow? LineParser(ReadOnlySpan<byte> line, int lineNumber);

/// <summary>
/// Reads a line-oriented body (CSV, JSON lines) through a <see cref="PipeReader"/>, one buffer at a time, so memory
/// stays bounded by the longest line (at most <see cref="MaxLineBytes"/>; a longer line is rejected and skipped).
/// Lines end with <c>\n</c> or <c>\r\n</c>; blank lines are counted but yield nothing; a leading UTF-8 BOM is ignored.
/// </summary>
internal static class LineReader
{
    /// <summary>The longest line read; a Mooncake line of 100,000 hash ids is under 1 MB.</summary>
    public const int MaxLineBytes = 16 * 1024 * 1024;

    public static async IAsyncEnumerable<ImportRow> ReadAsync(
        Stream body, LineParser parse, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var reader = PipeReader.Create(body, new StreamPipeReaderOptions(bufferSize: 64 * 1024, leaveOpen: true));
        var splitter = new Splitter(parse);
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync(cancellationToken);
                var consumed = splitter.Split(result.Buffer, result.IsCompleted);
                reader.AdvanceTo(consumed, result.Buffer.End);
                foreach (var row in splitter.Rows)
                {
                    yield return row;
                }

                splitter.Rows.Clear();
                if (result.IsCompleted)
                {
                    break;
                }
            }
        }
        finally
        {
            await reader.CompleteAsync();
        }
    }

    /// <summary>The line splitter's state between buffers.</summary>
    private sealed class Splitter(LineParser parse)
    {
        private int _line;
        private bool _skipping;

        public List<ImportRow> Rows { get; } = [];

        /// <summary>Parses every whole line of <paramref name="buffer"/> (and the rest too when it is the last); returns how far it read.</summary>
        public SequencePosition Split(ReadOnlySequence<byte> buffer, bool final)
        {
            var reader = new SequenceReader<byte>(buffer);
            while (reader.TryReadTo(out ReadOnlySequence<byte> line, (byte)'\n'))
            {
                if (_skipping)
                {
                    _skipping = false; // the end of the over-long line, already counted and rejected
                    continue;
                }

                Emit(line);
            }

            var rest = reader.UnreadSequence;
            if (final)
            {
                if (!rest.IsEmpty && !_skipping)
                {
                    Emit(rest);
                }

                return buffer.End;
            }

            if (_skipping || rest.Length <= MaxLineBytes)
            {
                return _skipping ? buffer.End : reader.Position;
            }

            _line++;
            _skipping = true;
            Rows.Add(ImportRow.Reject(_line, $"the line is longer than {MaxLineBytes} bytes"));
            return buffer.End;
        }

        private void Emit(ReadOnlySequence<byte> line)
        {
            _line++;
            if (line.IsSingleSegment)
            {
                Parse(line.FirstSpan);
                return;
            }

            var length = (int)line.Length;
            var rented = ArrayPool<byte>.Shared.Rent(length);
            try
            {
                line.CopyTo(rented);
                Parse(rented.AsSpan(0, length));
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }

        private void Parse(ReadOnlySpan<byte> line)
        {
            if (_line == 1 && line.StartsWith("\uFEFF"u8))
            {
                line = line[3..];
            }

            line = line.Trim(" \t\r"u8);
            if (!line.IsEmpty && parse(line, _line) is { } row)
            {
                Rows.Add(row);
            }
        }
    }
}
