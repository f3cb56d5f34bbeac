using System.Linq;
using Microsoft.CodeAnalysis;

namespace Netra.Runtime.Generator;

/// <summary>Recognises the Netra.Runtime contracts by name, so the generator needs no type lookups per node.</summary>
internal static class NetraSymbols
{
    private static readonly string[] s_markerInterfaces =
        ["IGrain", "IGrainWithStringKey", "IGrainWithGuidKey", "IGrainWithIntegerKey", "IAddressable", "IGrainObserver"];

    /// <summary>The interfaces that pick a grain's key kind.</summary>
    public static readonly string[] KeyMarkers = ["IGrainWithStringKey", "IGrainWithGuidKey", "IGrainWithIntegerKey"];

    /// <summary>Whether <paramref name="symbol"/> is the type <c>Netra.Runtime.{name}</c>.</summary>
    public static bool IsNetraType(ISymbol? symbol, string name) =>
        symbol is INamedTypeSymbol { ContainingType: null } type
        && type.Name == name
        && IsNamespace(type.ContainingNamespace, "Runtime", "Netra");

    /// <summary>Whether <paramref name="symbol"/> is <c>System.{namespaceName}.{name}</c> or deeper, e.g. System.Threading.Tasks.Task.</summary>
    public static bool IsSystemType(ITypeSymbol symbol, string name, params string[] namespaces) =>
        symbol is INamedTypeSymbol { ContainingType: null } type
        && type.Name == name
        && IsNamespace(type.ContainingNamespace, namespaces);

    public static bool IsMarkerInterface(INamedTypeSymbol symbol) =>
        s_markerInterfaces.Any(name => IsNetraType(symbol, name));

    /// <summary>
    /// A grain interface derives from Netra.Runtime.IGrain (or IGrainObserver, whose calls follow the same rules) and is
    /// not one of the runtime's marker interfaces.
    /// </summary>
    public static bool IsGrainInterface(INamedTypeSymbol symbol) =>
        symbol.TypeKind == TypeKind.Interface
        && !IsMarkerInterface(symbol)
        && symbol.AllInterfaces.Any(i => IsNetraType(i, "IGrain") || IsNetraType(i, "IGrainObserver"));

    /// <summary>A grain class derives from Netra.Runtime.Grain.</summary>
    public static bool DerivesFromGrain(INamedTypeSymbol symbol)
    {
        for (var type = symbol.BaseType; type is not null; type = type.BaseType)
        {
            if (IsNetraType(type, "Grain"))
            {
                return true;
            }
        }

        return false;
    }

    public static AttributeData? FindAttribute(ISymbol symbol, string name) =>
        symbol.GetAttributes().FirstOrDefault(a => IsNetraType(a.AttributeClass, name));

    /// <summary>Whether the type or any type that contains it has type parameters.</summary>
    public static bool IsGenericOrInGeneric(INamedTypeSymbol symbol)
    {
        for (var type = symbol; type is not null; type = type.ContainingType)
        {
            if (type.TypeParameters.Length > 0)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether generated code in another namespace of the same assembly can name the type.</summary>
    public static bool IsAccessibleToGeneratedCode(INamedTypeSymbol symbol)
    {
        for (var type = symbol; type is not null; type = type.ContainingType)
        {
            if (type.DeclaredAccessibility is not (Accessibility.Public or Accessibility.Internal or Accessibility.ProtectedOrInternal))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Whether <paramref name="node"/> is the declaration the generator handles <paramref name="symbol"/> at, so a
    /// partial type is handled once: its first declaration that has a base list.
    /// </summary>
    public static bool IsPrimaryDeclaration(INamedTypeSymbol symbol, SyntaxNode node)
    {
        foreach (var reference in symbol.DeclaringSyntaxReferences)
        {
            var syntax = reference.GetSyntax();
            if (syntax is Microsoft.CodeAnalysis.CSharp.Syntax.TypeDeclarationSyntax { BaseList: not null })
            {
                return syntax == node;
            }
        }

        return false;
    }

    private static bool IsNamespace(INamespaceSymbol? ns, params string[] innermostFirst)
    {
        foreach (var name in innermostFirst)
        {
            if (ns is null || ns.Name != name)
            {
                return false;
            }

            ns = ns.ContainingNamespace;
        }

        return ns is { IsGlobalNamespace: true };
    }
}
