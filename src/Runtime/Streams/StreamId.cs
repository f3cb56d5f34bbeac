namespace Netra.Runtime.Streams;

/// <summary>
/// The address of a stream: a namespace, such as <c>user</c>, and a key within it, such as a user id. The namespace
/// holds no <c>/</c>; the key may.
/// </summary>
public readonly record struct StreamId
{
    /// <summary>Creates the id of the stream <paramref name="key"/> in <paramref name="streamNamespace"/>.</summary>
    /// <exception cref="ArgumentException">The namespace is empty or holds a <c>/</c>, or the key is empty.</exception>
    public StreamId(string streamNamespace, string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(streamNamespace);
        ArgumentException.ThrowIfNullOrEmpty(key);
        if (streamNamespace.Contains('/', StringComparison.Ordinal))
        {
            throw new ArgumentException("A stream namespace cannot hold '/'.", nameof(streamNamespace));
        }

        Namespace = streamNamespace;
        Key = key;
    }

    /// <summary>The namespace, such as <c>user</c>.</summary>
    public string Namespace { get; }

    /// <summary>The key within the namespace.</summary>
    public string Key { get; }

    /// <summary>Reads the form <see cref="ToString"/> writes, <c>{namespace}/{key}</c>.</summary>
    /// <exception cref="FormatException">The text has no <c>/</c> or an empty part.</exception>
    public static StreamId Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || slash == text.Length - 1)
        {
            throw new FormatException($"'{text}' is not a stream id of the form namespace/key.");
        }

        return new StreamId(text[..slash], text[(slash + 1)..]);
    }

    /// <inheritdoc />
    public override string ToString() => $"{Namespace}/{Key}";
}
