namespace Netra.Runtime.Generator;

/// <summary>
/// A codec the compilation registers: one line of registration, and for user types the codec class it registers.
/// </summary>
/// <param name="Key">The type's name without nullable annotations, so each type is registered once.</param>
/// <param name="Registration">The registration statement.</param>
/// <param name="UserType">The codec class to write, for records, classes and structs.</param>
internal sealed record CodecModel(string Key, string Registration, UserTypeModel? UserType);

/// <summary>A record, class or struct the generator writes a codec class for.</summary>
/// <param name="TypeName">The global::-qualified type name.</param>
/// <param name="CodecName">The codec class's name in Netra.Generated.</param>
/// <param name="IsReferenceType">Whether null is a possible value.</param>
/// <param name="Members">The members on the wire, in declaration order.</param>
internal sealed record UserTypeModel(string TypeName, string CodecName, bool IsReferenceType, EquatableArray<MemberModel> Members);

/// <summary>One member of a user type on the wire.</summary>
/// <param name="Name">The property or field name, escaped for C#.</param>
/// <param name="TypeName">The global::-qualified type, for the local that holds it while reading.</param>
/// <param name="Wire">How the member is written and read (see <see cref="WireAccess"/>).</param>
/// <param name="ConstructorIndex">Its position in the constructor call, or -1 when it is set by an initializer.</param>
internal sealed record MemberModel(string Name, string TypeName, string Wire, int ConstructorIndex);
