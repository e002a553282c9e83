import { ComponentType, TextInputStyle } from "discord-api-types/v10";
import { z } from "zod";

const customId = z.string().min(1).max(100);

const textInputFields = {
  type: z.literal(ComponentType.TextInput),
  custom_id: customId,
  style: z.literal([TextInputStyle.Short, TextInputStyle.Paragraph]),
  min_length: z.number().int().min(0).max(4000).optional(),
  max_length: z.number().int().min(1).max(4000).optional(),
  required: z.boolean().optional(),
  value: z.string().max(4000).optional(),
  placeholder: z.string().max(100).optional(),
};

/**
 * A string select in a modal, checked like Discord: a disabled one is refused, and a required
 * select (the default) needs `min_values` of at least 1.
 */
const stringSelect = z
  .looseObject({
    type: z.literal(ComponentType.StringSelect),
    custom_id: customId,
    options: z
      .array(
        z.looseObject({
          label: z.string().min(1).max(100),
          value: z.string().min(1).max(100),
          description: z.string().max(100).optional(),
          default: z.boolean().optional(),
        }),
      )
      .min(1)
      .max(25),
    min_values: z.number().int().min(0).max(25).optional(),
    max_values: z.number().int().min(1).max(25).optional(),
    required: z.boolean().optional(),
    placeholder: z.string().max(150).optional(),
    disabled: z.literal(false, { error: "Modals can not have disabled components" }).optional(),
  })
  .superRefine((select, ctx) => {
    const min = select.min_values ?? 1;
    if (select.required !== false && min < 1) {
      ctx.addIssue({
        code: "custom",
        path: ["min_values"],
        params: { code: "BASE_TYPE_MIN_LENGTH" },
        message: "A required select needs min_values of at least 1",
      });
    }
    if (min > (select.max_values ?? 1)) {
      ctx.addIssue({
        code: "custom",
        path: ["min_values"],
        params: { code: "NUMBER_TYPE_MAX" },
        message: "min_values can't exceed max_values",
      });
    }
  });

/** Inside a Label the label is the Label's own: a text input may not carry one. */
const labelled = z.looseObject({
  type: z.literal(ComponentType.Label),
  label: z.string().min(1).max(45),
  description: z.string().max(100).optional(),
  component: z.union([z.strictObject(textInputFields), stringSelect]),
});

/** The deprecated form: one text input, with its label, alone in an action row. */
const actionRow = z.looseObject({
  type: z.literal(ComponentType.ActionRow),
  components: z
    .array(z.looseObject({ ...textInputFields, label: z.string().min(1).max(45) }))
    .length(1),
});

const textDisplay = z.looseObject({
  type: z.literal(ComponentType.TextDisplay),
  content: z.string().min(1).max(4000),
});

export const modalComponent = z.union([labelled, actionRow, textDisplay]);
export type ModalComponent = z.infer<typeof modalComponent>;

/** A modal callback's data (type 9), checked like Discord: sizes, kinds, unique custom ids. */
export const modalSchema = z
  .looseObject({
    custom_id: customId,
    title: z.string().min(1).max(45),
    components: z.array(modalComponent).min(1).max(5),
  })
  .superRefine((modal, ctx) => {
    const ids = modal.components.flatMap(inputsOf).map((input) => input.custom_id);
    if (new Set(ids).size !== ids.length) {
      ctx.addIssue({
        code: "custom",
        params: { code: "COMPONENT_CUSTOM_ID_DUPLICATED" },
        message: "Component custom id cannot be duplicated",
      });
    }
  });
export type Modal = z.infer<typeof modalSchema>;

/** The inputs of one modal component (a text display has none). */
export function inputsOf(component: ModalComponent) {
  if (component.type === ComponentType.Label) return [component.component];
  if (component.type === ComponentType.ActionRow) return component.components;
  return [];
}
