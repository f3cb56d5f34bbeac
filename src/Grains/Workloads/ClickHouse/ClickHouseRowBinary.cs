using System.Buffers;
using System.Buffers.Binary;
using System.Net;
using System.Text;

namespace Netra.Grains.Workloads.ClickHouse;

/// <summary>
/// Workload events as rows of <see cref="ClickHouseSchema.EventColumns"/> in ClickHouse's <c>RowBinary</c> format,
/// streamed into the body of one <c>INSERT … FORMAT RowBinary</c>. Binary rather than <c>JSONEachRow</c> because
/// 18.16's text parser rounds some decimals to a neighbouring double (2.889 becomes 2.8890000000000002): binary Float64
/// goes in bit for bit, so both stores aggregate the same doubles. It is also about three times smaller and faster.
/// Layout: integers and floats little-endian, a string as a LEB128 length and its UTF-8, <c>Nullable</c> as a null
/// flag byte then the value, an array as a LEB128 count then its items.
/// </summary>
internal sealed class ClickHouseRowBinary(string userId, IReadOnlyList<WorkloadEvent> events, int offset, int count, ulong firstSeq) : HttpContent
{
    private const int FlushBytes = 64 * 1024;

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>(FlushBytes + (16 * 1024));
        for (var i = 0; i < count; i++)
        {
            Write(buffer, userId, events[offset + i], firstSeq + (ulong)i);
            if (buffer.WrittenCount >= FlushBytes || i == count - 1)
            {
                await stream.WriteAsync(buffer.WrittenMemory, cancellationToken).ConfigureAwait(false);
                buffer.ResetWrittenCount();
            }
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = -1;
        return false; // chunked: the body is never held whole
    }

    /// <summary>Writes one row, in the order of <see cref="ClickHouseSchema.EventColumns"/>.</summary>
    internal static void Write(IBufferWriter<byte> w, string userId, WorkloadEvent e, ulong seq)
    {
        String(w, userId);
        String(w, e.Dataset);
        UInt64(w, seq);
        Int64(w, e.Timestamp.ToUnixTimeMilliseconds());
        NullableString(w, e.RequestId);
        NullableString(w, e.Provider);
        String(w, e.Model);
        NullableString(w, e.Operation);
        Int64(w, e.InputTokens);
        Int64(w, e.OutputTokens);
        Int64(w, e.CacheReadInputTokens);
        Int64(w, e.CacheCreationInputTokens);
        NullableDouble(w, e.LatencyMs);
        NullableDouble(w, e.TtftMs);
        String(w, e.Status);
        NullableString(w, e.FinishReason);
        NullableDouble(w, e.CostUsd is { } cost ? (double)cost : null);
        NullableString(w, e.Feature);
        NullableString(w, e.EndUser);
        NullableString(w, e.SessionId);
        NullableString(w, e.PromptHash);
        var hashes = e.PrefixHashes ?? [];
        VarUInt(w, (ulong)hashes.Count);
        foreach (var hash in hashes)
        {
            Int64(w, hash);
        }

        Byte(w, e.PrefixHashes is null ? (byte)0 : (byte)1);
        if (e.MaxTokens is { } maxTokens)
        {
            Byte(w, 0);
            Int64(w, maxTokens);
        }
        else
        {
            Byte(w, 1);
        }

        NullableString(w, e.Team);
    }

    private static void Byte(IBufferWriter<byte> w, byte value)
    {
        w.GetSpan(1)[0] = value;
        w.Advance(1);
    }

    private static void UInt64(IBufferWriter<byte> w, ulong value)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(w.GetSpan(8), value);
        w.Advance(8);
    }

    private static void Int64(IBufferWriter<byte> w, long value)
    {
        BinaryPrimitives.WriteInt64LittleEndian(w.GetSpan(8), value);
        w.Advance(8);
    }

    private static void NullableDouble(IBufferWriter<byte> w, double? value)
    {
        if (value is { } v)
        {
            Byte(w, 0);
            BinaryPrimitives.WriteDoubleLittleEndian(w.GetSpan(8), v);
            w.Advance(8);
        }
        else
        {
            Byte(w, 1);
        }
    }

    private static void NullableString(IBufferWriter<byte> w, string? value)
    {
        if (value is null)
        {
            Byte(w, 1);
            return;
        }

        Byte(w, 0);
        String(w, value);
    }

    private static void String(IBufferWriter<byte> w, string value)
    {
        var length = Encoding.UTF8.GetByteCount(value);
        VarUInt(w, (ulong)length);
        Encoding.UTF8.GetBytes(value, w.GetSpan(length));
        w.Advance(length);
    }

    private static void VarUInt(IBufferWriter<byte> w, ulong value)
    {
        while (value >= 0x80)
        {
            Byte(w, (byte)(value | 0x80));
            value >>= 7;
        }

        Byte(w, (byte)value);
    }
}
