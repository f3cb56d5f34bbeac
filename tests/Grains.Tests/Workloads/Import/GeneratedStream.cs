namespace Netra.Grains.Tests.Workloads.Import;

/// <summary>A read-only stream of <paramref name="pieces"/>, produced as they are read: a large body that never exists whole.</summary>
internal sealed class GeneratedStream(IEnumerable<byte[]> pieces) : Stream
{
    private readonly IEnumerator<byte[]> _pieces = pieces.GetEnumerator();
    private byte[] _current = [];
    private int _offset;

    public long BytesRead { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => BytesRead; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var written = 0;
        while (written < buffer.Length)
        {
            if (_offset == _current.Length)
            {
                if (!_pieces.MoveNext())
                {
                    break;
                }

                (_current, _offset) = (_pieces.Current, 0);
                continue;
            }

            var n = Math.Min(buffer.Length - written, _current.Length - _offset);
            _current.AsSpan(_offset, n).CopyTo(buffer[written..]);
            (_offset, written) = (_offset + n, written + n);
        }

        BytesRead += written;
        return written;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => ValueTask.FromResult(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => Task.FromResult(Read(buffer, offset, count));

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        _pieces.Dispose();
        base.Dispose(disposing);
    }
}
