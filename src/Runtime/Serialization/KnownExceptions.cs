namespace Netra.Runtime.Serialization;

/// <summary>The exceptions the runtime recreates with their own type: Netra's, and the BCL's most common ones.</summary>
internal static class KnownExceptions
{
    public static void Register()
    {
        RegisterNetra();
        RegisterArguments();
        Plain<Exception>(static p => new Exception(p.Message, p.Inner));
        Plain<InvalidOperationException>(static p => new InvalidOperationException(p.Message, p.Inner));
        Plain<NotSupportedException>(static p => new NotSupportedException(p.Message, p.Inner));
        Plain<NotImplementedException>(static p => new NotImplementedException(p.Message, p.Inner));
        Plain<KeyNotFoundException>(static p => new KeyNotFoundException(p.Message, p.Inner));
        Plain<TimeoutException>(static p => new TimeoutException(p.Message, p.Inner));
        Plain<OperationCanceledException>(static p => new OperationCanceledException(p.Message, p.Inner));
        Plain<TaskCanceledException>(static p => new TaskCanceledException(p.Message, p.Inner));
        Plain<FormatException>(static p => new FormatException(p.Message, p.Inner));
        Plain<UnauthorizedAccessException>(static p => new UnauthorizedAccessException(p.Message, p.Inner));
    }

    private static void RegisterNetra()
    {
        Plain<GrainCallTimeoutException>(static p => new GrainCallTimeoutException(p.Message));
        Plain<SiloUnavailableException>(static p => new SiloUnavailableException(p.Message));
        Plain<WireFormatException>(static p => p.Inner is null ? new WireFormatException(p.Message) : new WireFormatException(p.Message, p.Inner));
        ExceptionCodec.Register<CallCycleException>(
            static (w, e) => CollectionCodecs.WriteEnumerable(w, e.Chain),
            static (p, data) => new CallCycleException(p.Message, CollectionCodecs.ReadList<GrainId>(data) ?? []));
        ExceptionCodec.Register<InconsistentStateException>(
            static (w, e) =>
            {
                w.WriteString(e.StoredEtag);
                w.WriteString(e.CurrentEtag);
            },
            static (p, data) => new InconsistentStateException(p.Message, data.ReadString(), data.ReadString(), p.Inner));
    }

    private static void RegisterArguments()
    {
        ExceptionCodec.Register<ArgumentException>(
            static (w, e) => w.WriteString(e.ParamName),
            static (p, data) =>
            {
                var name = data.ReadString();
                return new ArgumentException(WithoutParamName(p.Message, name), name, p.Inner);
            });
        ExceptionCodec.Register<ArgumentNullException>(
            static (w, e) => w.WriteString(e.ParamName),
            static (p, data) =>
            {
                var name = data.ReadString();
                var message = WithoutParamName(p.Message, name);
                return p.Inner is null ? new ArgumentNullException(name, message) : new ArgumentNullException(message, p.Inner);
            });
        ExceptionCodec.Register<ArgumentOutOfRangeException>(
            static (w, e) =>
            {
                w.WriteString(e.ParamName);
                w.WriteString(e.ActualValue?.ToString());
            },
            static (p, data) =>
            {
                var name = data.ReadString();
                var actual = data.ReadString();
                var message = p.Message;
                var actualLine = Environment.NewLine + $"Actual value was {actual}.";
                if (actual is not null && message.EndsWith(actualLine, StringComparison.Ordinal))
                {
                    message = message[..^actualLine.Length];
                }

                message = WithoutParamName(message, name);
                return p.Inner is null
                    ? new ArgumentOutOfRangeException(name, actual, message)
                    : new ArgumentOutOfRangeException(message, p.Inner);
            });
    }

    /// <summary>ArgumentException appends " (Parameter 'name')" to its message; the constructor appends it again.</summary>
    private static string WithoutParamName(string message, string? paramName)
    {
        if (string.IsNullOrEmpty(paramName))
        {
            return message;
        }

        var suffix = $" (Parameter '{paramName}')";
        return message.EndsWith(suffix, StringComparison.Ordinal) ? message[..^suffix.Length] : message;
    }

    private static void Plain<TException>(Func<ExceptionParts, Exception> create)
        where TException : Exception =>
        ExceptionCodec.Register<TException>(null, (parts, _) => create(parts));
}
