using AspNetCore.WeChatSecurity.Checks;
using Microsoft.AspNetCore.Mvc.ApplicationModels;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace AspNetCore.WeChatSecurity.Mvc;

/// <summary>Describes an action's parameters for the resolver, with the key prefixes MVC's model binding uses.</summary>
internal static class MvcCheckPlanBuilder
{
    public static List<CheckParameter> GetParameters(ActionModel action, IModelMetadataProvider metadataProvider)
    {
        var parameters = new List<CheckParameter>(action.Parameters.Count);
        for (var i = 0; i < action.Parameters.Count; i++)
        {
            var parameter = action.Parameters[i];
            var bindingInfo = parameter.BindingInfo;
            var source = bindingInfo?.BindingSource ?? (metadataProvider is ModelMetadataProvider provider
                ? provider.GetMetadataForParameter(parameter.ParameterInfo)
                : metadataProvider.GetMetadataForType(parameter.ParameterType)).BindingSource;

            // Services, the cancellation token and other special values are not request content.
            if (source is not null && !source.IsFromRequest)
            {
                continue;
            }

            var binderName = bindingInfo?.BinderModelName;
            var boundName = string.IsNullOrEmpty(binderName) ? parameter.ParameterName : binderName;
            parameters.Add(new CheckParameter(parameter.ParameterName, boundName, parameter.ParameterType, i, KeyPrefix(parameter.ParameterType, source, binderName, boundName)));
        }

        return parameters;
    }

    // A body is validated with an empty prefix (errors are keyed "Post.Title"); a simple value under its bound name;
    // a complex value from the form or query under its explicit binder name, else under the parameter name only when
    // the request used it as a prefix, which only the request tells (null). JSON kept as it came (a JsonElement, JsonNode
    // or JToken body) is keyed as an object bound from JSON, which holds the same JsonElement: by its JSON path alone.
    private static string? KeyPrefix(Type type, BindingSource? source, string? binderName, string boundName)
    {
        var isComplex = !ValueShapes.IsBoundAsValue(type);
        var isSequence = ValueShapes.GetElementType(type) is not null;

        if (source == BindingSource.Body)
        {
            return isComplex || isSequence ? binderName ?? string.Empty : boundName;
        }

        return isComplex ? binderName : boundName;
    }
}
