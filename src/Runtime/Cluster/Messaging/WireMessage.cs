using Netra.Runtime.Invocation;
using Netra.Runtime.Serialization;

namespace Netra.Runtime.Cluster.Messaging;

/// <summary>What a Data frame between silos carries.</summary>
internal enum WireMessageKind : byte
{
    Request = 1,
    OneWayRequest = 2,
    Response = 3,
    ExceptionResponse = 4,

    /// <summary>The caller cancelled request <c>id</c>: cancel its token on this side.</summary>
    Cancel = 5,
}

/// <summary>
/// The envelope of a grain call on the wire: kind, the caller's correlation id, then for a request the target, the
/// method id, the time left before the caller gives up, the trace context, the request context and the call chain, then the arguments.
/// Timestamps are never sent: clocks differ between machines, durations do not.
/// </summary>
internal static class WireMessage
{
    public static void WriteRequest(WireWriter writer, Message message, TimeSpan? remaining)
    {
        writer.WriteByte((byte)(message.Response is null ? WireMessageKind.OneWayRequest : WireMessageKind.Request));
        writer.WriteInt64(message.Id);
        writer.WriteString(message.Target.Type);
        writer.WriteString(message.Target.Key);
        writer.WriteString(message.Body.MethodId);
        writer.WriteInt64(remaining is { } left ? Math.Max(0, (long)left.TotalMilliseconds) : -1);
        writer.WriteString(message.TraceParent);
        WriteRequestContext(writer, message.RequestContext);
        writer.WriteByte((byte)message.ForwardCount);
        var links = new List<CallChainLink>();
        for (var link = message.Chain; link is not null; link = link.Parent)
        {
            links.Add(link);
        }

        writer.WriteInt32(links.Count);
        foreach (var link in links)
        {
            writer.WriteString(link.Grain.Type);
            writer.WriteString(link.Grain.Key);
            writer.WriteInt64(link.MessageId);
        }

        message.Body.WriteArguments(writer);
    }

    /// <summary>Reads a request after its kind and id; <paramref name="response"/> is null for one-way requests.</summary>
    public static Message ReadRequest(WireReader reader, IResponseSink? response, TimeProvider time)
    {
        var target = new GrainId(reader.ReadString()!, reader.ReadString()!);
        var methodId = reader.ReadString()!;
        var remainingMs = reader.ReadInt64();
        var traceParent = reader.ReadString();
        var requestContext = ReadRequestContext(reader);
        var forwards = reader.ReadByte();
        var count = reader.ReadInt32();
        var chain = new GrainId[count];
        var ids = new long[count];
        for (var i = 0; i < count; i++)
        {
            chain[i] = new GrainId(reader.ReadString()!, reader.ReadString()!);
            ids[i] = reader.ReadInt64();
        }

        CallChainLink? link = null;
        for (var i = count - 1; i >= 0; i--)
        {
            link = new CallChainLink(chain[i], ids[i], link);
        }

        var body = GrainRequestRegistry.Read(methodId, reader);
        var deadline = remainingMs < 0 ? long.MaxValue : time.GetTimestamp() + (remainingMs * time.TimestampFrequency / 1000);
        return new Message(target, body, link, deadline, response) { TraceParent = traceParent, RequestContext = requestContext, ForwardCount = forwards };
    }

    private static void WriteRequestContext(WireWriter writer, RequestValues? values)
    {
        var pairs = values?.Values ?? [];
        writer.WriteInt32(pairs.Length);
        foreach (var pair in pairs)
        {
            writer.WriteString(pair.Key);
            writer.WriteString(pair.Value);
        }
    }

    private static RequestValues? ReadRequestContext(WireReader reader)
    {
        var count = reader.ReadInt32();
        if (count == 0)
        {
            return null;
        }

        if (count < 0 || count > reader.Remaining / 2)
        {
            throw new WireFormatException($"The frame claims {count} request context values but only {reader.Remaining} bytes remain.");
        }

        var pairs = new KeyValuePair<string, string>[count];
        for (var i = 0; i < count; i++)
        {
            pairs[i] = new(reader.ReadString()!, reader.ReadString()!);
        }

        return new RequestValues(pairs);
    }
}
