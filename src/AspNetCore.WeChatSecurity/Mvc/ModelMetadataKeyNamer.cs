using System.Reflection;
using AspNetCore.WeChatSecurity.Checks;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.ModelBinding.Metadata;

namespace AspNetCore.WeChatSecurity.Mvc;

/// <summary>
/// Names properties in error keys as MVC's model validation does: the metadata's validation model name (for example a
/// JSON property name, when the application added <c>SystemTextJsonValidationMetadataProvider</c>), else the C# name.
/// </summary>
internal sealed class ModelMetadataKeyNamer(IModelMetadataProvider metadataProvider)
{
    public CheckTargetResolver.KeyNamer Namer => Name;

    private string Name(Type containerType, PropertyInfo property)
    {
        foreach (var metadata in metadataProvider.GetMetadataForProperties(containerType))
        {
            if (string.Equals(metadata.PropertyName, property.Name, StringComparison.Ordinal))
            {
                return (metadata as DefaultModelMetadata)?.ValidationMetadata.ValidationModelName ?? property.Name;
            }
        }

        return property.Name;
    }
}
