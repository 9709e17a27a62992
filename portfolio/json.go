package portfolio

import "encoding/json"

func marshalStrings(ss []string) ([]byte, error) { return json.Marshal(ss) }
