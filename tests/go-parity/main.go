// Renders a Go text/template over a created API key exactly as the Atlas CLI does: the key is decoded
// into a struct shaped like atlas-sdk-go's admin.ApiKeyUserDetails (pointer fields), then executed.
// Usage: go run main.go <key.json> <template file>. Errors go to stderr with exit status 1.
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"text/template"
)

type Link struct {
	Href *string `json:"href,omitempty"`
	Rel  *string `json:"rel,omitempty"`
}

type CloudAccessRoleAssignment struct {
	GroupId  *string `json:"groupId,omitempty"`
	OrgId    *string `json:"orgId,omitempty"`
	RoleName *string `json:"roleName,omitempty"`
}

type ApiKeyUserDetails struct {
	Desc       *string                      `json:"desc,omitempty"`
	Id         *string                      `json:"id,omitempty"`
	Links      *[]Link                      `json:"links,omitempty"`
	PrivateKey *string                      `json:"privateKey,omitempty"`
	PublicKey  *string                      `json:"publicKey,omitempty"`
	Roles      *[]CloudAccessRoleAssignment `json:"roles,omitempty"`
}

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: main <key.json> <template>")
		os.Exit(2)
	}
	raw, err := os.ReadFile(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	var key ApiKeyUserDetails
	if err := json.Unmarshal(raw, &key); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	text, err := os.ReadFile(os.Args[2])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	t, err := template.New("output").Parse(string(text))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if err := t.Execute(os.Stdout, key); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
