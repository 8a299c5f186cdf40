using System.Collections.Generic;
using Strata.Generator.Layers;
using Strata.Generator.Lowering;
using Strata.Generator.Model;

namespace Strata.Generator.Parsing
{
    /// <summary>
    /// Every member name the emitters give a model class: the IModel members, the private helpers and nested classes,
    /// and the fields, including each layer's handle and parameter fields, named by <see cref="FieldNames"/> and the
    /// layer's definition exactly as lowering names them.
    /// Keep this list in step with ModelEmitter, PathEmitter and MemoryPlanEmitter.
    /// </summary>
    internal static class GeneratedMembers
    {
        // A display string no user type has: the nested MemoryPlan is private to the generated part.
        private const string PlanType = "(generated MemoryPlan)";

        private static readonly GeneratedMember[] Fixed =
        {
            Property("Device"),
            Property("InputShape"),
            Property("OutputShape"),
            Property("Parameters"),
            Property("Summary"),
            new("SummaryText", "the constant SummaryText", null),
            new("ParameterCount", "the constant ParameterCount", null),
            Property("IsTraining"),
            new("Forward", "the IModel method Forward(Tensor)", new[] { "Strata.Tensor" }),
            new("Backward", "the IModel method Backward(Tensor, bool)", new[] { "Strata.Tensor", "bool" }),
            new("Predict", "the IModel method Predict(Tensor)", new[] { "Strata.Tensor" }),
            new("PredictOn", "the private method PredictOn", null),
            new("Train", "the IModel method Train()", new string[0]),
            new("Eval", "the IModel method Eval()", new string[0]),
            new("ExportOnnx", "the IModel method ExportOnnx(string)", new[] { "string" }),
            new("ToOnnx", "the method ToOnnx()", new string[0]),
            new("BuildOnnxGraph", "the private method BuildOnnxGraph()", new string[0]),
            new("CarryState", "the sequence-model property CarryState", null),
            new("ResetState", "the sequence-model method ResetState()", new string[0]),
            new("PlanFor", "the private method PlanFor(int)", new[] { "int" }),
            new("ForwardCpu", "the private method ForwardCpu", new[] { "Strata.Tensor", PlanType, "int" }),
            new("ForwardGpu", "the private method ForwardGpu", new[] { "Strata.Tensor", PlanType, "int" }),
            new("BackwardCpu", "the private method BackwardCpu", new[] { "Strata.Tensor", "Strata.Tensor", PlanType, "int", "bool" }),
            new("BackwardGpu", "the private method BackwardGpu", new[] { "Strata.Tensor", "Strata.Tensor", PlanType, "int", "bool" }),
            NestedClass("MemoryPlan"),
            Field("s_inputShape"),
            Field("s_outputShape"),
            Field("_parameters"),
            Field("_workspace"),
            Field("_isTraining"),
            Field("_guard"),
            Field("_replicas"),
            Field("_carryState"),
            Field("_plan"),
            Field("_input"),
            Field("_secondInput"),
            Property("SecondInputName"),
            Property("LastAttention"),
            Property("SecondInputShape"),
            Field("_dropoutRandom"),
            Field("_state"),
            Field("_stateValid"),
            new("StateFor", "the private method StateFor(int)", new[] { "int" }),
            NestedClass("RecurrentState"),
        };

        /// <summary>The generated members of a model class with these layers, by name.</summary>
        public static Dictionary<string, GeneratedMember> Of(IEnumerable<LayerSpec> layers)
        {
            var members = new Dictionary<string, GeneratedMember>();
            foreach (var member in Fixed)
            {
                members[member.Name] = member;
            }

            var fieldNames = new FieldNames();
            foreach (var layer in layers)
            {
                var stem = fieldNames.StemFor(layer.Name);
                members[stem] = new GeneratedMember(stem, $"the private field that holds layer '{layer.Name}'", null);
                foreach (var field in LayerRegistry.For(layer.Kind).ParameterFields(layer, stem))
                {
                    members[field.Name] = new GeneratedMember(field.Name, field.Description, null);
                }
            }

            return members;
        }

        private static GeneratedMember Property(string name) => new(name, "the IModel property " + name, null);

        private static GeneratedMember NestedClass(string name) => new(name, "the private nested class " + name, null);

        private static GeneratedMember Field(string name) => new(name, "the private field " + name, null);
    }
}
