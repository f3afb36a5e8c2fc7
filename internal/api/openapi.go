package api

import "net/http"

// openAPI serves the OpenAPI document built from the route table.
func (api *API) openAPI(r *http.Request) (reply, error) {
	return reply{status: http.StatusOK, body: api.OpenAPI()}, nil
}

// OpenAPI returns the OpenAPI 3.1 document of the route table.
func (api *API) OpenAPI() map[string]any {
	return map[string]any{"openapi": "3.1.0"}
}
