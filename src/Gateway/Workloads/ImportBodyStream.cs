namespace Netra.Gateway.Workloads;

/// <summary>A read-only view of an import body that throws <see cref="ImportTooLargeException"/> once more than a limit has been read.</summary>
internal sealed class ImportBodyStream(Stream inner, long limit) : Stream
{
    /// <summary>Bytes read so far.</summary>
    public long BytesRead { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => BytesRead; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Count(await inner.ReadAsync(buffer, cancellationToken));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private int Count(int read)
    {
        BytesRead += read;
        return limit > 0 && BytesRead > limit ? throw new ImportTooLargeException(BytesRead) : read;
    }
}

/// <summary>An import body went over <c>Netra:Workloads:MaxImportBytes</c>.</summary>
/// <param name="bytesRead">How many bytes had been read when it did.</param>
internal sealed class ImportTooLargeException(long bytesRead) : IOException($"The import body is over the limit after {bytesRead} bytes.")
{
    /// <summary>How many bytes had been read.</summary>
    public long BytesRead { get; } = bytesRead;
}
