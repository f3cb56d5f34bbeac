using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace Netra.Runtime.Generator;

/// <summary>
/// Finds the codecs a grain interface needs: every type reachable from its parameters and results, through the
/// members of user types and the type arguments of supported collections. A type that cannot cross processes
/// yields the reason, which becomes NETRA011.
/// </summary>
internal sealed class TypeWalker(IAssemblySymbol assembly)
{
    private const string Ns = WireAccess.Namespace;
    private readonly Dictionary<string, CodecModel> _codecs = new(System.StringComparer.Ordinal);
    private readonly HashSet<string> _visiting = new(System.StringComparer.Ordinal);

    public IEnumerable<CodecModel> Codecs => _codecs.Values;

    /// <summary>Null when <paramref name="type"/> and everything it contains can be sent; else why not.</summary>
    public string? Visit(ITypeSymbol type, string path)
    {
        if (type.TypeKind == TypeKind.Error || WellKnownTypes.IsBuiltIn(type))
        {
            return null;
        }

        var key = type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
        if (_codecs.ContainsKey(key) || !_visiting.Add(key))
        {
            return null;
        }

        try
        {
            return VisitNew(type, key, path);
        }
        finally
        {
            _visiting.Remove(key);
        }
    }

    private string? VisitNew(ITypeSymbol type, string key, string path)
    {
        var codecType = WireAccess.CodecTypeName(type);
        switch (type)
        {
            case IArrayTypeSymbol array:
                return array.Rank != 1
                    ? Fail(type, path, "is a multi-dimensional array; use a jagged array or a list")
                    : Visit(array.ElementType, path)
                        ?? Add(key, codecType, $"{Ns}.CollectionCodecs.WriteArray<{Arg(array.ElementType)}>, {Ns}.CollectionCodecs.ReadArray<{Arg(array.ElementType)}>");
            case IPointerTypeSymbol or IFunctionPointerTypeSymbol:
                return Fail(type, path, "is a pointer");
            case ITypeParameterSymbol:
                return Fail(type, path, "is a type parameter");
            case INamedTypeSymbol named:
                return VisitNamed(named, key, codecType, path);
            default:
                return Fail(type, path, type.TypeKind == TypeKind.Dynamic ? "is dynamic, which has no fixed shape; declare a concrete type" : "is not supported");
        }
    }

    private string? VisitNamed(INamedTypeSymbol type, string key, string codecType, string path)
    {
        if (type.SpecialType is SpecialType.System_Object)
        {
            return Fail(type, path, "has no fixed shape; declare a concrete type (the declared type is the wire type)");
        }

        if (type.SpecialType is SpecialType.System_IntPtr or SpecialType.System_UIntPtr || type.IsRefLikeType)
        {
            return Fail(type, path, type.IsRefLikeType ? "is a ref struct" : "is a native-sized integer");
        }

        if (NetraSymbols.IsSystemType(type, "CancellationToken", "Threading", "System"))
        {
            return Fail(type, path, "can be a grain method parameter, where it is not sent, but not part of an argument or result");
        }

        if (type.TypeKind == TypeKind.Delegate)
        {
            return Fail(type, path, "is a delegate; code cannot be sent to another process");
        }

        if (type.TypeKind == TypeKind.Enum)
        {
            var unsigned = type.EnumUnderlyingType?.SpecialType is SpecialType.System_Byte or SpecialType.System_UInt16 or SpecialType.System_UInt32 or SpecialType.System_UInt64;
            var wide = unsigned ? "UInt64" : "Int64";
            var cast = unsigned ? "ulong" : "long";
            return Add(key, codecType, $"static (writer, value) => writer.Write{wide}(({cast})value), static reader => ({codecType})reader.Read{wide}()");
        }

        if (type.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T)
        {
            var value = type.TypeArguments[0];
            return Visit(value, path) ?? Add(key, codecType, $"{Ns}.TupleCodecs.WriteNullable<{Arg(value)}>, {Ns}.TupleCodecs.ReadNullable<{Arg(value)}>");
        }

        if (NetraSymbols.IsGrainInterface(type))
        {
            return Add(key, codecType, $"{Ns}.GrainReferenceCodec.Write<{codecType}>, {Ns}.GrainReferenceCodec.Read<{codecType}>");
        }

        if (IsException(type))
        {
            return Add(key, codecType, $"{Ns}.ExceptionCodec.Write, {Ns}.ExceptionCodec.ReadAs<{codecType}>");
        }

        if (type.IsTupleType)
        {
            var elements = type.TupleElements.Select(e => e.Type).ToList();
            if (elements.Count > 7)
            {
                return Fail(type, path, "has more than 7 elements; use a record");
            }

            return VisitAll(elements, path) ?? Add(key, codecType, $"{Ns}.TupleCodecs.Write<{Args(elements)}>, {Ns}.TupleCodecs.Read<{Args(elements)}>");
        }

        if (type.TypeArguments.Length > 0 && WellKnownTypes.CollectionCodec(type, Args(type.TypeArguments)) is { } collection)
        {
            return VisitAll(type.TypeArguments, path) ?? Add(key, codecType, collection);
        }

        return VisitUserType(type, key, codecType, path);
    }

    private string? VisitUserType(INamedTypeSymbol type, string key, string codecType, string path)
    {
        if (type.TypeKind == TypeKind.Interface)
        {
            return Fail(type, path, "is an interface that is neither a grain interface nor a supported collection; the declared type is the wire type, so use a concrete record, class or struct");
        }

        if (type.IsAbstract || type.IsStatic)
        {
            return Fail(type, path, "is abstract; the declared type is the wire type, so use a concrete (ideally sealed) record, class or struct");
        }

        if (!IsAccessible(type))
        {
            return Fail(type, path, "is not accessible to generated code; make it public, or internal in the assembly that declares the grain interface");
        }

        if (UserTypeReader.Read(type, out var reason) is not { } members)
        {
            return Fail(type, path, reason!);
        }

        // A type that contains itself (a tree) is in _visiting while its members are visited, so it is walked once.
        var codecName = "Codec_" + CodeNames.Sanitize(key.Replace("global::", ""));
        var memberModels = members.Select(m => new MemberModel(CodeNames.Identifier(m.Name), CodeNames.TypeName(m.Type), WireAccess.Descriptor(m.Type), m.ConstructorIndex));
        var model = new UserTypeModel(codecType, codecName, type.IsReferenceType, memberModels.ToEquatableArray());
        foreach (var member in members)
        {
            if (Visit(member.Type, (path.Length == 0 ? type.Name : path) + "." + member.Name) is { } failure)
            {
                return failure;
            }
        }

        _codecs[key] = new CodecModel(key, $"{Ns}.WireCodec<{codecType}>.Register(global::Netra.Generated.{codecName}.Write, global::Netra.Generated.{codecName}.Read);", model);
        return null;
    }

    private string? VisitAll(IEnumerable<ITypeSymbol> types, string path)
    {
        foreach (var type in types)
        {
            if (Visit(type, path) is { } failure)
            {
                return failure;
            }
        }

        return null;
    }

    private string? Add(string key, string codecType, string methods)
    {
        _codecs[key] = new CodecModel(key, $"{Ns}.WireCodec<{codecType}>.Register({methods});", null);
        return null;
    }

    private bool IsAccessible(INamedTypeSymbol type)
    {
        for (var current = type; current is not null; current = current.ContainingType)
        {
            var ok = current.DeclaredAccessibility == Accessibility.Public
                || (SymbolEqualityComparer.Default.Equals(current.ContainingAssembly, assembly)
                    && current.DeclaredAccessibility is Accessibility.Internal or Accessibility.ProtectedOrInternal);
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsException(INamedTypeSymbol type)
    {
        for (var current = type.BaseType; current is not null; current = current.BaseType)
        {
            if (NetraSymbols.IsSystemType(current, "Exception", "System"))
            {
                return true;
            }
        }

        return false;
    }

    private static string Arg(ITypeSymbol type) => CodeNames.TypeName(type);

    private static string Args(IEnumerable<ITypeSymbol> types) => string.Join(", ", types.Select(Arg));

    private static string Fail(ITypeSymbol type, string path, string why) =>
        $"'{type.ToDisplayString(CodeNames.MessageFormat)}'{(path.Length > 0 ? $" (at {path})" : "")} {why}";
}
