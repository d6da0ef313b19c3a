import { CloseButton, TextInput } from "@mantine/core";
import { useDebouncedCallback } from "@mantine/hooks";
import { IconSearch } from "@tabler/icons-react";
import { useState } from "react";

type TProps = { value: string; onChange: (value: string) => void; placeholder: string; label: string };

/** Types freely, reports after a pause so each keystroke is not a request. */
export function SearchInput({ value, onChange, placeholder, label }: TProps) {
  const [text, setText] = useState(value);
  const report = useDebouncedCallback(onChange, 300);
  return (
    <TextInput
      aria-label={label}
      placeholder={placeholder}
      leftSection={<IconSearch size={16} />}
      value={text}
      onChange={(e) => {
        setText(e.currentTarget.value);
        report(e.currentTarget.value.trim());
      }}
      rightSection={
        text ? (
          <CloseButton
            size="sm"
            aria-label="Clear search"
            onClick={() => {
              setText("");
              onChange("");
            }}
          />
        ) : null
      }
      w={{ base: "100%", sm: 300 }}
    />
  );
}
