using Microsoft.CodeAnalysis;

namespace Netra.Runtime.Generator;

/// <summary>The types the runtime serializes without generated code, and the collections it has codecs for.</summary>
internal static class WellKnownTypes
{
    private const string Codecs = WireAccess.Namespace;

    /// <summary>The WireWriter/WireReader method suffix of a type they handle directly, or null.</summary>
    public static string? DirectName(ITypeSymbol type)
    {
        switch (type.SpecialType)
        {
            case SpecialType.System_Boolean: return "Boolean";
            case SpecialType.System_Byte: return "Byte";
            case SpecialType.System_SByte: return "SByte";
            case SpecialType.System_Int16: return "Int16";
            case SpecialType.System_UInt16: return "UInt16";
            case SpecialType.System_Int32: return "Int32";
            case SpecialType.System_UInt32: return "UInt32";
            case SpecialType.System_Int64: return "Int64";
            case SpecialType.System_UInt64: return "UInt64";
            case SpecialType.System_Char: return "Char";
            case SpecialType.System_Single: return "Single";
            case SpecialType.System_Double: return "Double";
            case SpecialType.System_Decimal: return "Decimal";
            case SpecialType.System_String: return "String";
            case SpecialType.System_DateTime: return "DateTime";
        }

        foreach (var name in new[] { "Guid", "DateTimeOffset", "TimeSpan", "DateOnly", "TimeOnly" })
        {
            if (NetraSymbols.IsSystemType(type, name, "System"))
            {
                return name;
            }
        }

        return null;
    }

    /// <summary>Whether the runtime registers this type's codec itself.</summary>
    public static bool IsBuiltIn(ITypeSymbol type)
    {
        if (DirectName(type) is not null)
        {
            return true;
        }

        if (type is IArrayTypeSymbol { Rank: 1, ElementType.SpecialType: SpecialType.System_Byte })
        {
            return true;
        }

        if (type is INamedTypeSymbol { TypeArguments.Length: 1 } memory
            && memory.TypeArguments[0].SpecialType == SpecialType.System_Byte
            && (NetraSymbols.IsSystemType(memory, "ReadOnlyMemory", "System") || NetraSymbols.IsSystemType(memory, "Memory", "System")))
        {
            return true;
        }

        return NetraSymbols.IsNetraType(type, "GrainId")
            || NetraSymbols.IsNetraType(type, "VoidResult")
            || NetraSymbols.IsSystemType(type, "Exception", "System");
    }

    /// <summary>
    /// The registration arguments (write and read method groups) of a supported generic collection, or null when
    /// <paramref name="type"/> is not one.
    /// </summary>
    public static string? CollectionCodec(INamedTypeSymbol type, string typeArguments)
    {
        var name = type.OriginalDefinition.MetadataName;
        var generic = IsNamespace(type, "System", "Collections", "Generic");
        var immutable = IsNamespace(type, "System", "Collections", "Immutable");
        var list = $"{Codecs}.CollectionCodecs.WriteEnumerable<{typeArguments}>, {Codecs}.CollectionCodecs.ReadList<{typeArguments}>";
        var set = $"{Codecs}.CollectionCodecs.WriteEnumerable<{typeArguments}>, {Codecs}.CollectionCodecs.ReadHashSet<{typeArguments}>";
        var dictionary = $"{Codecs}.DictionaryCodecs.WriteDictionary<{typeArguments}>, {Codecs}.DictionaryCodecs.ReadDictionary<{typeArguments}>";
        return name switch
        {
            "List`1" or "IList`1" or "IReadOnlyList`1" or "IEnumerable`1" or "ICollection`1" or "IReadOnlyCollection`1" when generic => list,
            "HashSet`1" or "ISet`1" or "IReadOnlySet`1" when generic => set,
            "Dictionary`2" or "IDictionary`2" or "IReadOnlyDictionary`2" when generic => dictionary,
            "KeyValuePair`2" when generic =>
                $"{Codecs}.DictionaryCodecs.WriteKeyValuePair<{typeArguments}>, {Codecs}.DictionaryCodecs.ReadKeyValuePair<{typeArguments}>",
            "ImmutableArray`1" when immutable =>
                $"{Codecs}.CollectionCodecs.WriteImmutableArray<{typeArguments}>, {Codecs}.CollectionCodecs.ReadImmutableArray<{typeArguments}>",
            "ImmutableList`1" when immutable =>
                $"{Codecs}.CollectionCodecs.WriteEnumerable<{typeArguments}>, {Codecs}.CollectionCodecs.ReadImmutableList<{typeArguments}>",
            "ImmutableDictionary`2" when immutable =>
                $"{Codecs}.DictionaryCodecs.WriteDictionary<{typeArguments}>, {Codecs}.DictionaryCodecs.ReadImmutableDictionary<{typeArguments}>",
            _ => null,
        };
    }

    private static bool IsNamespace(INamedTypeSymbol type, params string[] outermostFirst)
    {
        if (type.ContainingType is not null)
        {
            return false;
        }

        var ns = type.ContainingNamespace;
        for (var i = outermostFirst.Length - 1; i >= 0; i--)
        {
            if (ns is null || ns.Name != outermostFirst[i])
            {
                return false;
            }

            ns = ns.ContainingNamespace;
        }

        return ns is { IsGlobalNamespace: true };
    }
}
